// The 360 panels (GET /customers/{id}/overview): each installed module contributes panels, drawn here from their
// data alone — title, figures, linked items — so a new module needs no UI code for them, unless the module draws a
// panel with its own script (plugin API UiPanel). A failed panel shows its error in its place; the rest of the
// page is unaffected.

import {drawWithScript, panelScripts} from '../../ui-panels.js';
import {errorLine} from './shared.js';

/** Links for the record types the core UI has pages for; other records are listed as text. */
function recordLink(recordType, recordId) {
    if (recordType === 'customer') {
        return `#/customers/${encodeURIComponent(recordId)}`;
    }
    if (recordType === 'lead') {
        return `#/leads/${encodeURIComponent(recordId)}`;
    }
    return null;
}

function localized(ctx, text) {
    if (!text) {
        return '';
    }
    if (typeof text === 'string') {
        return text;
    }
    return text[ctx.language] || text.en || Object.values(text)[0] || '';
}

function figureValue(ctx, figure) {
    if (figure.amount && typeof figure.amount === 'object') {
        return ctx.formatMoney(figure.amount.amount, figure.amount.currency);
    }
    if (figure.amount !== null && figure.amount !== undefined) {
        return ctx.formatMoney(figure.amount, figure.currency);
    }
    return figure.count === null || figure.count === undefined ? '—' : ctx.formatNumber(figure.count);
}

function panel(ctx, data, scripts, customerId) {
    const {h} = ctx;
    const headingId = ctx.uid('panel');
    const title = localized(ctx, data.title) || data.id;
    const section = h('section', {class: 'panel overview-panel', 'aria-labelledby': headingId,
        'data-testid': 'overview-panel', 'data-panel': data.id}, h('h2', {id: headingId}, title));
    if (!data.error && scripts.has(data.id)) {
        // the module's script draws it; core's drawing only when the script cannot
        const fallback = h('div', {}, drawnByCore(ctx, data));
        section.append(fallback);
        drawWithScript(section, ctx, data, scripts, customerId).then((drawn) => {
            if (drawn) {
                fallback.remove();
            }
        });
        return section;
    }
    section.append(...drawnByCore(ctx, data));
    return section;
}

function drawnByCore(ctx, data) {
    const {h, t} = ctx;
    const body = [];
    if (data.error) {
        body.push(h('p', {class: 'form-error panel-error', role: 'status'}, t('cust.panelFailed', {error: data.error})));
    } else {
        if ((data.figures || []).length > 0) {
            body.push(h('dl', {class: 'figures'}, data.figures.map((figure) => h('div', {class: 'figure'},
                h('dt', {}, localized(ctx, figure.label) || figure.key),
                h('dd', {}, figureValue(ctx, figure))))));
        }
        if ((data.items || []).length > 0) {
            body.push(h('ul', {class: 'panel-items'}, data.items.map((item) => {
                const href = recordLink(item.recordType, item.recordId);
                const label = localized(ctx, item.label) || item.recordId;
                return h('li', {}, href ? h('a', {href}, label) : label);
            })));
        }
        if (body.length === 0) {
            body.push(h('p', {class: 'muted'}, t('cust.panelEmpty')));
        }
    }
    return body;
}

/** The group's counts and the module panels, filled in when the overview answers. */
export function overviewSection(ctx, customerId) {
    const {h, t, api} = ctx;
    const section = h('div', {class: 'overview', 'data-testid': 'overview', 'aria-busy': 'true'},
        h('p', {class: 'muted'}, t('common.loading')));
    const overview = api(`/customers/${encodeURIComponent(customerId)}/overview`);
    Promise.all([overview, panelScripts(api)]).then(([{data}, scripts]) => {
        const rollup = data.rollup || null;
        const parts = [];
        if (rollup) {
            parts.push(h('section', {class: 'panel', 'aria-labelledby': 'rollup-h', 'data-testid': 'rollup'},
                h('h2', {id: 'rollup-h'}, t('cust.group')),
                h('dl', {class: 'figures'},
                    h('div', {class: 'figure'}, h('dt', {}, t('cust.groupCustomers')),
                        h('dd', {}, ctx.formatNumber(rollup.customers ?? 0))),
                    rollup.contacts === null || rollup.contacts === undefined ? null
                        : h('div', {class: 'figure'}, h('dt', {}, t('cust.groupContacts')),
                            h('dd', {}, ctx.formatNumber(rollup.contacts))),
                    Object.entries(rollup.stages || {}).map(([stage, count]) => h('div', {class: 'figure'},
                        h('dt', {}, t(`stage.${stage}`)), h('dd', {}, ctx.formatNumber(count)))))));
        }
        const panels = [...(data.panels || [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
        parts.push(...panels.map((one) => panel(ctx, one, scripts, customerId)));
        section.replaceChildren(...parts);
        section.setAttribute('aria-busy', 'false');
    }).catch((error) => {
        section.replaceChildren(errorLine(h, t, error));
        section.setAttribute('aria-busy', 'false');
    });
    return section;
}
