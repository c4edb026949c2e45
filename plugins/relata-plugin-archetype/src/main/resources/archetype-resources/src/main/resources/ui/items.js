// The page of module ${moduleId} in Relata's web UI. The shell imports this ES module when the user opens its
// route and calls mount(container, ctx). ctx.h builds elements (text always goes in as text, never as markup),
// ctx.api calls /api/v1 with the user's session and CSRF token, ctx.language is 'en' or 'zh-CN'.

const API = '/${resourcePath}/items';

const MESSAGES = {
    en: {none: 'No items yet.', failed: 'The items could not be loaded.', name: 'Name', add: 'Add',
        more: 'More'},
    'zh-CN': {none: '还没有条目。', failed: '无法加载条目。', name: '名称', add: '添加', more: '更多'},
};

export async function mount(container, ctx) {
    const {h, api, language, title} = ctx;
    const text = MESSAGES[language] || MESSAGES.en;
    const list = h('ul', {'data-testid': 'items'});
    const error = h('p', {role: 'alert', class: 'form-error', hidden: true});
    const name = h('input', {id: 'item-name', name: 'name', required: true, autocomplete: 'off'});
    const form = h('form', {'data-testid': 'item-form', onSubmit: (event) => add(event)},
        h('label', {for: 'item-name'}, text.name), ' ', name, ' ', h('button', {type: 'submit'}, text.add), error);
    container.append(h('h1', {}, title), form, list);

    async function load() {
        try {
            const {data} = await api(API + '?limit=50');
            const items = data.items || [];
            list.replaceChildren(...(items.length > 0 ? items.map((item) => h('li', {}, item.name))
                : [h('li', {class: 'muted'}, text.none)]));
        } catch (failure) {
            list.replaceChildren(h('li', {role: 'alert', class: 'form-error'}, text.failed));
        }
    }

    async function add(event) {
        event.preventDefault();
        error.hidden = true;
        try {
            await api(API, {method: 'POST', body: {name: name.value}});
            name.value = '';
            await load();
        } catch (failure) {
            // a problem+json answer names the field; show its message next to the form
            const problems = failure.errors || [];
            error.textContent = problems.length > 0 ? problems.map((problem) => problem.message).join('; ')
                : failure.message;
            error.hidden = false;
            name.focus();
        }
    }

    await load();
}
