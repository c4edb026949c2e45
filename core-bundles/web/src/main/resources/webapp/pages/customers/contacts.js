// Contacts of the customers the user may see: search, cursor paging, each leading to its customer's page.

import {contactName} from './contacts-panel.js';
import {errorLine, hashLink, pagerState} from './shared.js';

const PAGE_SIZE = 25;
const pages = pagerState();

export async function renderContacts(page, ctx, query) {
    const {h, t, uid, api, navigate} = ctx;
    const q = (query.get('q') || '').trim();
    const cursor = query.get('cursor') || '';
    pages.sync(q);
    const go = (values) => navigate(hashLink('/contacts', values));

    const searchId = uid('contact-search');
    const search = h('input', {id: searchId, type: 'search', name: 'q', value: q, maxlength: '100',
        'data-testid': 'contact-search', placeholder: t('cust.contactSearchPlaceholder')});
    const results = h('div', {class: 'results', 'aria-live': 'polite'}, h('p', {class: 'muted'}, t('common.loading')));
    page.append(
        h('div', {class: 'page-head'}, h('h1', {}, t('cust.contactsTitle'))),
        h('form', {class: 'search', role: 'search', onSubmit: (event) => {
            event.preventDefault();
            go({q: search.value.trim()});
        }},
        h('label', {for: searchId}, t('cust.contactSearch')), search,
        h('button', {type: 'submit', class: 'primary'}, t('customers.searchButton'))),
        results);

    const params = new URLSearchParams({limit: String(PAGE_SIZE)});
    if (q) {
        params.set('q', q);
    }
    if (cursor) {
        params.set('cursor', cursor);
    }
    let data;
    try {
        ({data} = await api(`/contacts?${params}`));
    } catch (error) {
        results.replaceChildren(errorLine(h, t, error));
        return;
    }
    const items = data.items || [];
    if (items.length === 0) {
        results.replaceChildren(h('p', {class: 'empty', 'data-testid': 'no-contacts'},
            q ? t('cust.noContactMatch', {q}) : t('cust.noContacts')));
        return;
    }
    // the customers' names, one read per customer on this page (at most one page of them)
    const customerCells = new Map();
    const table = h('table', {class: 'list', 'data-testid': 'contacts-list'},
        h('caption', {class: 'visually-hidden'}, t('cust.contactsTitle')),
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, t('customer.name')),
            h('th', {scope: 'col'}, t('customer.title')),
            h('th', {scope: 'col', class: 'wide'}, t('cust.jobTitle')),
            h('th', {scope: 'col', class: 'wide'}, t('customer.email')),
            h('th', {scope: 'col', class: 'wide'}, t('customer.phone')))),
        h('tbody', {}, items.map((contact) => {
            const customerCell = h('td', {}, h('a', {href: `#/customers/${encodeURIComponent(contact.customerId)}`},
                '…'));
            if (!customerCells.has(contact.customerId)) {
                customerCells.set(contact.customerId, []);
            }
            customerCells.get(contact.customerId).push(customerCell);
            return h('tr', {},
                h('th', {scope: 'row'}, h('a', {href: `#/customers/${encodeURIComponent(contact.customerId)}`,
                    'data-testid': 'contact-link'}, contactName(contact)),
                contact.primary ? h('span', {class: 'badge'}, t('contacts.primary')) : null),
                customerCell,
                h('td', {class: 'wide'}, [contact.title, contact.department].filter(Boolean).join(' · ')),
                h('td', {class: 'wide'}, (contact.emails || [])[0] || ''),
                h('td', {class: 'wide'}, (contact.phones || [])[0] || ''));
        })));
    const pager = h('nav', {class: 'pager', 'aria-label': t('common.pages')});
    if (cursor) {
        pager.append(h('button', {type: 'button', class: 'secondary', onClick: () => go({q, cursor: pages.pop()})},
            t('common.previous')));
    }
    if (data.nextCursor) {
        pager.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'next-page', onClick: () => {
            pages.push(cursor);
            go({q, cursor: data.nextCursor});
        }}, t('common.next')));
    }
    results.replaceChildren(h('div', {class: 'cu-scroll'}, table), pager);
    await Promise.all([...customerCells.entries()].map(async ([customerId, cells]) => {
        let name;
        try {
            ({data: {name}} = await api(`/customers/${encodeURIComponent(customerId)}`));
        } catch {
            name = t('cust.customerUnknown');
        }
        cells.forEach((cell) => {
            cell.firstChild.textContent = name;
        });
    }));
}
