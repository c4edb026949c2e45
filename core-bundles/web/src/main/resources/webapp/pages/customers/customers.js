// Customers: search (q=), cursor paging, and a short form to add one.

import {fieldErrors} from '../forms.js';

const PAGE_SIZE = 20;
// cursors of the pages before the current one, for "Previous" (cursors only go forward)
let previous = {q: null, cursors: []};

function link(q, cursor) {
    const query = new URLSearchParams();
    if (q) {
        query.set('q', q);
    }
    if (cursor) {
        query.set('cursor', cursor);
    }
    const text = query.toString();
    return `/customers${text ? `?${text}` : ''}`;
}

export async function renderCustomers(page, ctx, query) {
    const {h, t, uid, api, navigate, formatDate} = ctx;
    const q = query.get('q') || '';
    const cursor = query.get('cursor') || '';
    if (previous.q !== q) {
        previous = {q, cursors: []};
    }

    const searchId = uid('search');
    const search = h('input', {id: searchId, type: 'search', name: 'q', value: q, 'data-testid': 'customer-search',
        placeholder: t('customers.searchPlaceholder')});
    const results = h('div', {class: 'results', 'aria-live': 'polite'});
    const createArea = h('div', {});
    const newButton = h('button', {type: 'button', class: 'secondary', 'data-testid': 'new-customer',
        'aria-expanded': 'false', onClick: () => {
            const open = newButton.getAttribute('aria-expanded') !== 'true';
            newButton.setAttribute('aria-expanded', String(open));
            createArea.replaceChildren(open ? createForm(ctx) : '');
            if (open) {
                createArea.querySelector('input').focus();
            }
        }}, t('customers.new'));

    page.append(
        h('div', {class: 'page-head'}, h('h1', {}, t('customers.title')), newButton),
        createArea,
        h('form', {class: 'search', role: 'search', onSubmit: (event) => {
            event.preventDefault();
            navigate(link(search.value.trim(), null));
        }},
        h('label', {for: searchId}, t('customers.search')), search,
        h('button', {type: 'submit', class: 'primary'}, t('customers.searchButton'))),
        results);

    results.append(h('p', {class: 'muted'}, t('common.loading')));
    const params = new URLSearchParams({limit: String(PAGE_SIZE)});
    if (q) {
        params.set('q', q);
    }
    if (cursor) {
        params.set('cursor', cursor);
    }
    let data;
    try {
        ({data} = await api(`/customers?${params}`));
    } catch (error) {
        results.replaceChildren(h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message})));
        return;
    }
    const items = data.items || [];
    if (items.length === 0) {
        results.replaceChildren(h('p', {class: 'empty', 'data-testid': 'no-customers'},
            q ? t('customers.noMatch', {q}) : t('customers.none')));
        return;
    }
    const table = h('table', {class: 'list', 'data-testid': 'customers'},
        h('caption', {class: 'visually-hidden'}, t('customers.title')),
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, t('customer.name')),
            h('th', {scope: 'col'}, t('customer.stage')),
            h('th', {scope: 'col', class: 'wide'}, t('customer.phone')),
            h('th', {scope: 'col', class: 'wide'}, t('customer.email')),
            h('th', {scope: 'col', class: 'wide'}, t('customer.createdAt')))),
        h('tbody', {}, items.map((customer) => h('tr', {},
            h('th', {scope: 'row'}, h('a', {href: `#/customers/${encodeURIComponent(customer.id)}`,
                'data-testid': 'customer-link'}, customer.name)),
            h('td', {}, customer.stage ? t(`stage.${customer.stage}`) : ''),
            h('td', {class: 'wide'}, customer.phone || ''),
            h('td', {class: 'wide'}, customer.email || ''),
            h('td', {class: 'wide'}, formatDate(customer.createdAt))))));

    const pager = h('nav', {class: 'pager', 'aria-label': t('common.pages')});
    if (cursor) {
        pager.append(h('button', {type: 'button', class: 'secondary', onClick: () => {
            const back = previous.cursors.pop();
            navigate(link(q, back || null));
        }}, t('common.previous')));
    }
    if (data.nextCursor) {
        pager.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'next-page', onClick: () => {
            previous.cursors.push(cursor);
            navigate(link(q, data.nextCursor));
        }}, t('common.next')));
    }
    results.replaceChildren(table, pager);
}

function createForm({h, t, uid, api, navigate}) {
    const fields = {
        name: {label: t('customer.name'), type: 'text', autocomplete: 'organization'},
        email: {label: t('customer.email'), type: 'email', autocomplete: 'email'},
        phone: {label: t('customer.phone'), type: 'tel', autocomplete: 'tel'},
    };
    const inputs = {};
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'customer-form',
        'aria-label': t('customers.new')});
    const errors = fieldErrors(h, t, general);
    for (const [name, spec] of Object.entries(fields)) {
        const id = uid(name);
        inputs[name] = h('input', {id, name, type: spec.type, autocomplete: spec.autocomplete});
        form.append(errors.field(name, h('label', {for: id}, spec.label), inputs[name]));
    }
    form.append(general, h('button', {type: 'submit', class: 'primary'}, t('customers.create')));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const body = {};
        for (const [name, input] of Object.entries(inputs)) {
            if (input.value.trim()) {
                body[name] = input.value.trim();
            }
        }
        try {
            const {data} = await api('/customers', {method: 'POST', body});
            navigate(`/customers/${encodeURIComponent(data.id)}`);
        } catch (error) {
            errors.show(error);
        }
    });
    return form;
}
