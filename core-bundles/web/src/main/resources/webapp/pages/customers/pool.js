// The public pool (公海): customers nobody owns, with search and filters in the URL, claimed with one click.
// A refusal (someone was quicker, the per-user cap) is shown at its row, as the server words it.

import {filterForm} from './filters.js';
import {apiPage, listKey, readState, stateQuery} from './list-query.js';
import {can, errorLine, hashLink, pagerState, problemText} from './shared.js';

const pages = pagerState();

export async function renderPool(page, ctx, query) {
    const {h, t, api, navigate, formatDateTime} = ctx;
    const state = readState(query);
    delete state.filters.owner;
    pages.sync(listKey(state));
    const go = (next) => navigate(hashLink('/pool', stateQuery(next)));
    const results = h('div', {class: 'results', 'aria-live': 'polite'}, h('p', {class: 'muted'}, t('common.loading')));
    const status = h('p', {class: 'notice', role: 'status', 'data-testid': 'pool-status', hidden: true});
    page.append(
        h('div', {class: 'page-head'}, h('h1', {}, t('cust.poolTitle'))),
        h('p', {class: 'muted'}, t('cust.poolIntro')),
        filterForm(ctx, state, (filters) => go({filters, sort: state.sort, cursor: ''}), {pool: true}),
        status,
        results);

    const params = apiPage(state, ctx.timeZone);
    params.set('owner', 'none');
    let data;
    try {
        ({data} = await api(`/customers?${params}`));
    } catch (error) {
        results.replaceChildren(errorLine(h, t, error));
        return;
    }
    const items = data.items || [];
    if (items.length === 0) {
        results.replaceChildren(h('p', {class: 'empty', 'data-testid': 'pool-empty'}, t('cust.poolEmpty')));
        return;
    }
    const mayClaim = can(ctx.me, 'customers:write');
    const sortButton = (label, parameter) => {
        const current = state.sort.replace(/^-/, '') === parameter;
        const descending = state.sort.startsWith('-');
        return h('th', {scope: 'col', 'aria-sort': current ? (descending ? 'descending' : 'ascending') : 'none'},
            h('button', {type: 'button', class: 'sort', 'data-sort': parameter, onClick: () => go({
                filters: state.filters, sort: current && !descending ? `-${parameter}` : parameter, cursor: ''})},
            label, h('span', {'aria-hidden': 'true'}, current ? (descending ? ' ▼' : ' ▲') : '')));
    };
    const table = h('table', {class: 'list', 'data-testid': 'pool-list'},
        h('caption', {class: 'visually-hidden'}, t('cust.poolTitle')),
        h('thead', {}, h('tr', {},
            sortButton(t('customer.name'), 'name'),
            h('th', {scope: 'col'}, t('customer.stage')),
            h('th', {scope: 'col', class: 'wide'}, t('customer.industry')),
            h('th', {scope: 'col', class: 'wide'}, t('cust.city')),
            sortButton(t('cust.updatedAt'), 'updatedAt'),
            h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, t('cust.claim'))))),
        h('tbody', {}, items.map((customer) => {
            const outcome = h('div', {class: 'claim-outcome', role: 'alert'});
            const claim = mayClaim ? h('button', {type: 'button', class: 'primary', 'data-testid': 'claim',
                'aria-label': t('cust.claimNamed', {name: customer.name}), onClick: async () => {
                    claim.disabled = true;
                    outcome.replaceChildren();
                    try {
                        await api(`/customers/${encodeURIComponent(customer.id)}/claim`, {method: 'POST'});
                        claim.replaceWith(h('a', {href: `#/customers/${encodeURIComponent(customer.id)}`,
                            'data-testid': 'claimed'}, t('cust.claimedOpen')));
                        status.textContent = t('cust.claimedNamed', {name: customer.name});
                        status.hidden = false;
                    } catch (error) {
                        claim.disabled = false;
                        outcome.replaceChildren(h('p', {class: 'form-error', 'data-testid': 'claim-error'},
                            claimRefusal(ctx, error)));
                    }
                }}, t('cust.claim')) : null;
            return h('tr', {'data-id': customer.id},
                h('th', {scope: 'row'}, h('a', {href: `#/customers/${encodeURIComponent(customer.id)}`}, customer.name)),
                h('td', {}, customer.stage ? t(`stage.${customer.stage}`) : ''),
                h('td', {class: 'wide'}, customer.industry || ''),
                h('td', {class: 'wide'}, (customer.address && customer.address.city) || ''),
                h('td', {class: 'wide'}, formatDateTime(customer.updatedAt)),
                h('td', {class: 'claim-cell'}, claim, outcome));
        })));
    const pager = h('nav', {class: 'pager', 'aria-label': t('common.pages')});
    if (state.cursor) {
        pager.append(h('button', {type: 'button', class: 'secondary', onClick: () => go({...state, cursor: pages.pop()})},
            t('common.previous')));
    }
    if (data.nextCursor) {
        pager.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'next-page', onClick: () => {
            pages.push(state.cursor);
            go({...state, cursor: data.nextCursor});
        }}, t('common.next')));
    }
    results.replaceChildren(h('div', {class: 'cu-scroll'}, table), pager);
}

function claimRefusal(ctx, error) {
    const {t} = ctx;
    const problem = (error && error.problem) || {};
    if (typeof problem.type === 'string' && problem.type.endsWith('/owner-cap')) {
        return t('cust.claimCap', {cap: problem.cap ?? '?', owned: problem.owned ?? '?'});
    }
    if (error && error.status === 409) {
        return t('cust.claimTaken', {detail: problemText(t, error)});
    }
    return problemText(t, error);
}
