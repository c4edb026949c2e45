// Where the customer sits in its group: the breadcrumb of its ancestors and its direct children. The parent is set
// in the profile's edit form.

import {errorLine, hashLink} from './shared.js';

const customerHref = (id) => `#/customers/${encodeURIComponent(id)}`;

/** The breadcrumb above the name: top of the group first, the parent last. */
export function breadcrumb(ctx, customer) {
    const {h, t, api} = ctx;
    const nav = h('nav', {class: 'breadcrumb', 'aria-label': t('cust.hierarchy'), 'data-testid': 'breadcrumb'},
        h('a', {href: '#/customers', class: 'back'}, t('customer.back')));
    if (customer.parentId) {
        api(`/customers/${encodeURIComponent(customer.id)}/ancestors`).then(({data}) => {
            const chain = [...(data.items || [])].reverse();
            nav.replaceChildren(h('ol', {}, h('li', {}, h('a', {href: '#/customers'}, t('customers.title'))),
                chain.map((one) => h('li', {}, h('a', {href: customerHref(one.id)}, one.name))),
                h('li', {'aria-current': 'page'}, customer.name)));
        }).catch(() => {
            // the back link stays; the hierarchy section says what went wrong
        });
    }
    return nav;
}

export function hierarchySection(ctx, customer) {
    const {h, t, api} = ctx;
    const parent = h('p', {'data-testid': 'parent'});
    const children = h('ul', {class: 'children', 'data-testid': 'children'}, h('li', {class: 'muted'},
        t('common.loading')));
    if (customer.parentId) {
        api(`/customers/${encodeURIComponent(customer.parentId)}`).then(({data}) => {
            parent.replaceChildren(t('cust.parent'), ': ', h('a', {href: customerHref(data.id)}, data.name));
        }).catch((error) => {
            parent.replaceChildren(t('cust.parent'), ': ',
                error instanceof ctx.ApiError && error.status === 404 ? t('cust.parentHidden') : errorLine(h, t, error));
        });
    } else {
        parent.replaceChildren(h('span', {class: 'muted'}, t('cust.noParent')));
    }
    api(`/customers/${encodeURIComponent(customer.id)}/children`).then(({data}) => {
        const items = data.items || [];
        children.replaceChildren(...(items.length === 0 ? [h('li', {class: 'muted'}, t('cust.noChildren'))]
            : items.map((child) => h('li', {}, h('a', {href: customerHref(child.id)}, child.name),
                child.stage ? h('span', {class: 'muted'}, ` · ${t(`stage.${child.stage}`)}`) : null))));
        if (items.length > 0) {
            children.append(h('li', {}, h('a', {href: `#${hashLink('/customers', {parent: customer.id})}`},
                t('cust.childrenAsList'))));
        }
    }).catch((error) => children.replaceChildren(h('li', {}, errorLine(h, t, error))));
    return h('section', {'aria-labelledby': 'hierarchy-h', class: 'panel', 'data-testid': 'hierarchy'},
        h('h2', {id: 'hierarchy-h'}, t('cust.hierarchy')), parent,
        h('h3', {}, t('cust.children')), children);
}
