// A page a plugin contributes: its ES module script, served by the plugin, exports mount(container, ctx).

export async function renderModule(page, ctx, module, path, query) {
    const {h, t, api, navigate, language, formatDate, formatDateTime, formatNumber} = ctx;
    const container = h('div', {class: 'module', 'data-module': module.id});
    page.append(container);
    let script;
    try {
        script = await import(module.script);
    } catch (error) {
        console.error(`UI module ${module.id}`, error);
        page.replaceChildren(h('h1', {}, module.titles[language] || module.titles.en),
            h('p', {role: 'alert', class: 'form-error'}, t('module.failed')));
        return null;
    }
    if (typeof script.mount !== 'function') {
        page.replaceChildren(h('p', {role: 'alert', class: 'form-error'}, t('module.failed')));
        return null;
    }
    try {
        const cleanup = await script.mount(container, {
            api, h, navigate, language, formatDate, formatDateTime, formatNumber,
            path: path.slice(module.route.length) || '/', query,
            title: module.titles[language] || module.titles.en,
            user: {id: ctx.me.id, username: ctx.me.username, displayName: ctx.me.displayName,
                permissions: ctx.me.permissions},
        });
        return typeof cleanup === 'function' ? cleanup : null;
    } catch (error) {
        console.error(`UI module ${module.id}`, error);
        container.replaceChildren(h('p', {role: 'alert', class: 'form-error'}, t('module.failed')));
        return null;
    }
}
