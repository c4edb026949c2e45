// The example plugin's page in the Relata web UI: its greetings, newest first.
// The shell imports this module and calls mount(container, ctx) when the user opens /#/hello.
// ctx.h builds elements and always inserts text as text; ctx.api calls /api/v1 with the user's session.

const MESSAGES = {
    en: {title: 'Greetings', none: 'No greetings yet.', failed: 'The greetings could not be loaded.',
        more: 'More', by: 'to'},
    'zh-CN': {title: '问候', none: '还没有问候。', failed: '无法加载问候。', more: '更多', by: '致'},
};

export async function mount(container, ctx) {
    const {h, api, language, formatDateTime} = ctx;
    const text = MESSAGES[language] || MESSAGES.en;
    const list = h('ul', {class: 'contacts', 'data-testid': 'greetings'});
    const more = h('div', {class: 'pager'});
    container.append(h('h1', {}, text.title), list, more);

    async function load(cursor) {
        try {
            const {data} = await api(`/hello/greetings?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            for (const greeting of data.items || []) {
                list.append(h('li', {}, h('strong', {}, greeting.message || ''), ' ',
                    h('span', {class: 'muted'}, `${text.by} ${greeting.name}`),
                    greeting.createdAt ? h('div', {class: 'muted'}, formatDateTime(greeting.createdAt)) : null));
            }
            if (list.children.length === 0) {
                list.append(h('li', {class: 'muted'}, text.none));
            }
            more.replaceChildren(data.nextCursor
                ? h('button', {type: 'button', class: 'secondary', onClick: () => load(data.nextCursor)}, text.more) : '');
        } catch (error) {
            list.replaceChildren(h('li', {role: 'alert', class: 'form-error'}, text.failed));
        }
    }

    await load(null);
}
