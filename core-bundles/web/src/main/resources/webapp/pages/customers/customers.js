// Customers: search and filters kept in the URL, sortable columns, a column chooser, cursor paging, row selection
// with bulk actions, CSV export of the filtered list, and a short form to add one.

import {fieldErrors} from '../forms.js';
import {bulkBar} from './bulk.js';
import {chosenColumns, columnChooser, columnSpecs} from './columns.js';
import {apiFilters, apiPage, listKey, readState, stateQuery} from './list-query.js';
import {filterForm} from './filters.js';
import {can, errorLine, hashLink, pagerState} from './shared.js';

const pages = pagerState();

export async function renderCustomers(page, ctx, query) {
    const {h, t, api, navigate} = ctx;
    const state = readState(query);
    pages.sync(listKey(state));
    const go = (next) => navigate(hashLink('/customers', stateQuery(next)));

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

    const specs = columnSpecs(ctx);
    let visible = chosenColumns();
    const results = h('div', {class: 'results', 'aria-live': 'polite'}, h('p', {class: 'muted'}, t('common.loading')));
    let items = [];
    const selected = new Set();
    const bulk = bulkBar(ctx, {
        selection: () => items.filter((customer) => selected.has(customer.id)),
        done: () => load(),
        columns: () => specs.filter((spec) => visible.includes(spec.key)),
    });
    const chooser = columnChooser(ctx, specs, visible, (next) => {
        visible = next;
        drawTable();
    });
    const exportParams = apiFilters(state, ctx.timeZone);
    const exportLink = can(ctx.me, 'customers:export') ? h('a', {class: 'cu-button-link secondary',
        href: `/api/v1/customers/export${exportParams.toString() ? `?${exportParams}` : ''}`,
        download: 'customers.csv', 'data-testid': 'export-list'}, t('cust.exportList')) : null;

    page.append(
        h('div', {class: 'page-head'}, h('h1', {}, t('customers.title')),
            h('div', {class: 'head-actions'}, exportLink, chooser.button, newButton)),
        createArea,
        filterForm(ctx, state, (filters) => go({filters, sort: state.sort, cursor: ''})),
        chooser.panel,
        bulk.element,
        results);

    // on a phone only the name, stage and owner stay; the rest is one tap away on the customer's page
    const wide = (spec) => (['stage', 'owner'].includes(spec.key) ? null : 'wide');

    function sortHeader(label, parameter, before = null, className = null) {
        const current = state.sort.replace(/^-/, '') === parameter;
        const descending = state.sort.startsWith('-');
        const next = current ? (descending ? parameter : `-${parameter}`) : parameter;
        return h('th', {scope: 'col', class: className,
            'aria-sort': current ? (descending ? 'descending' : 'ascending') : 'none'}, before,
        h('button', {type: 'button', class: 'sort', 'data-sort': parameter, onClick: () =>
                go({filters: state.filters, sort: next, cursor: ''})},
            label, h('span', {'aria-hidden': 'true', class: 'sort-mark'}, current ? (descending ? ' ▼' : ' ▲') : '')));
    }

    function drawTable() {
        if (items.length === 0) {
            return;
        }
        const shown = specs.filter((spec) => visible.includes(spec.key));
        const all = h('input', {type: 'checkbox', id: ctx.uid('select-all'), 'data-testid': 'select-all',
            'aria-label': t('cust.selectAll'), checked: items.every((customer) => selected.has(customer.id)),
            onChange: (event) => {
                items.forEach((customer) => (event.target.checked ? selected.add(customer.id)
                    : selected.delete(customer.id)));
                table.querySelectorAll('tbody input[type=checkbox]').forEach((box) => {
                    box.checked = event.target.checked;
                });
                bulk.update();
            }});
        const table = h('table', {class: 'list customer-list', 'data-testid': 'customers'},
            h('caption', {class: 'visually-hidden'}, t('customers.title')),
            h('thead', {}, h('tr', {},
                sortHeader(t('customer.name'), 'name', all),
                shown.map((spec) => (spec.sort ? sortHeader(t(spec.label), spec.sort, null, wide(spec))
                    : h('th', {scope: 'col', class: wide(spec)}, t(spec.label)))))),
            h('tbody', {}, items.map((customer) => h('tr', {'data-id': customer.id},
                // the checkbox shares the name's cell: the first data cell stays the first chosen column
                h('th', {scope: 'row'}, h('input', {type: 'checkbox', class: 'select', 'data-testid': 'select-row',
                    'aria-label': t('cust.selectRow', {name: customer.name}), checked: selected.has(customer.id),
                    onChange: (event) => {
                        if (event.target.checked) {
                            selected.add(customer.id);
                        } else {
                            selected.delete(customer.id);
                        }
                        all.checked = items.every((one) => selected.has(one.id));
                        bulk.update();
                    }}), h('a', {href: `#/customers/${encodeURIComponent(customer.id)}`,
                    'data-testid': 'customer-link'}, customer.name)),
                shown.map((spec) => h('td', {'data-column': spec.key, class: wide(spec)}, spec.cell(customer)))))));
        const pager = h('nav', {class: 'pager', 'aria-label': t('common.pages')});
        if (state.cursor) {
            pager.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'previous-page',
                onClick: () => go({...state, cursor: pages.pop()})}, t('common.previous')));
        }
        if (nextCursor) {
            pager.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'next-page', onClick: () => {
                pages.push(state.cursor);
                go({...state, cursor: nextCursor});
            }}, t('common.next')));
        }
        results.replaceChildren(h('div', {class: 'cu-scroll'}, table), pager);
    }

    let nextCursor = null;
    async function load() {
        const params = apiPage(state, ctx.timeZone);
        let data;
        try {
            ({data} = await api(`/customers?${params}`));
        } catch (error) {
            results.replaceChildren(errorLine(h, t, error));
            return;
        }
        items = data.items || [];
        nextCursor = data.nextCursor || null;
        const ids = new Set(items.map((customer) => customer.id));
        [...selected].forEach((id) => (ids.has(id) ? null : selected.delete(id)));
        bulk.update();
        if (items.length === 0) {
            const filtered = Object.keys(state.filters).length > 0;
            results.replaceChildren(h('p', {class: 'empty', 'data-testid': 'no-customers'},
                state.filters.q ? t('customers.noMatch', {q: state.filters.q})
                    : filtered ? t('cust.noneFiltered') : t('customers.none')),
            state.cursor ? h('nav', {class: 'pager'}, h('button', {type: 'button', class: 'secondary',
                onClick: () => go({...state, cursor: pages.pop()})}, t('common.previous'))) : '');
            return;
        }
        drawTable();
    }
    await load();
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
