// The example plugin's panel on a customer's 360 view, drawn by the plugin itself. The shell imports this module
// and calls mountPanel(container, ctx, panel) with the panel as GET /api/v1/customers/{id}/overview returns it.

const MESSAGES = {
    en: {open: 'Open the greetings'},
    'zh-CN': {open: '查看问候'},
};

export function mountPanel(container, ctx, panel) {
    const {h, language, formatNumber} = ctx;
    const text = MESSAGES[language] || MESSAGES.en;
    const total = (panel.figures || []).find((figure) => figure.key === 'total');
    container.append(
        h('p', {class: 'hello-panel', 'data-testid': 'hello-panel'},
            h('strong', {}, formatNumber(total ? total.count : 0)), ' ',
            total ? (total.label[language] || total.label.en) : ''),
        h('a', {href: '#/hello'}, text.open));
}
