// Home: a greeting and where to go. The dashboard with charts comes with the metric providers.

export async function renderHome(page, {h, t, me}) {
    page.append(
        h('h1', {}, t('home.greeting', {name: me.displayName || me.username})),
        h('p', {}, t('home.intro')),
        h('ul', {class: 'cards'},
            h('li', {}, h('a', {href: '#/customers', class: 'card'},
                h('strong', {}, t('nav.customers')), h('span', {}, t('home.customersHint'))))));
}
