// Customer 360-view panels a module draws with its own script (plugin API UiPanel, GET /api/v1/ui/panels).
// Anything that goes wrong — no script, a script that fails to load or throws — leaves the panel to core's drawing.

/** The panel scripts installed right now: Map of panel id → script URL (empty when they cannot be read). */
export async function panelScripts(api) {
    try {
        const {data} = await api('/ui/panels');
        return new Map((data.items || []).map((item) => [item.panelId, item.script]));
    } catch (error) {
        console.warn('panel scripts', error);
        return new Map();
    }
}

/**
 * Draws `panel` into `container` with its module's script, if it has one: true when the script drew it, false
 * when core should. The script gets what a plugin page gets, plus the customer's id.
 */
export async function drawWithScript(container, ctx, panel, scripts, customerId) {
    const url = scripts.get(panel.id);
    if (!url) {
        return false;
    }
    const {h, api, navigate, language, formatDate, formatDateTime, formatNumber, formatMoney} = ctx;
    const drawn = h('div', {class: 'panel-body', 'data-panel-script': panel.id});
    try {
        const script = await import(url);
        if (typeof script.mountPanel !== 'function') {
            return false;
        }
        await script.mountPanel(drawn, {api, h, navigate, language, formatDate, formatDateTime, formatNumber,
            formatMoney, customerId}, panel);
    } catch (error) {
        console.warn(`panel ${panel.id}`, error);
        return false;
    }
    container.append(drawn);
    return true;
}
