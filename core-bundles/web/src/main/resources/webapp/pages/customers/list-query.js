// A customer list's state lives in the hash query (#/customers?stage=CUSTOMER&sort=name), so every filtered,
// sorted list is a link to bookmark or send. Dates there are calendar days in the user's zone; the API gets UTC.

import {addDays, isPlainDate, startOfDay} from '../../time.js';

/** The filters the page offers, by hash query name. The API takes the same names (dates converted). */
export const FILTERS = ['q', 'stage', 'kind', 'owner', 'tag', 'industry', 'parent', 'updatedFrom', 'updatedTo'];

/** The orders the API knows; the default is -updatedAt. */
export const SORTS = ['name', 'createdAt', 'updatedAt'];
export const DEFAULT_SORT = '-updatedAt';

/** {filters: {name: value}, sort, cursor} from the page's query. */
export function readState(query) {
    const filters = {};
    for (const name of FILTERS) {
        const value = (query.get(name) || '').trim();
        if (value) {
            filters[name] = value;
        }
    }
    for (const [name, value] of query.entries()) {
        if (name.startsWith('cf.') && value.trim()) {
            filters[name] = value.trim();
        }
    }
    const sort = query.get('sort') || DEFAULT_SORT;
    return {filters, sort: SORTS.includes(sort.replace(/^-/, '')) ? sort : DEFAULT_SORT,
        cursor: query.get('cursor') || ''};
}

/** The hash query of a state (the default order left out). */
export function stateQuery({filters, sort, cursor}) {
    return {...filters, sort: sort === DEFAULT_SORT ? '' : sort, cursor: cursor || ''};
}

/** Customers a list page shows at once. */
const PAGE_SIZE = 25;

/** The API's query parameters for one page of a customer list: its filters, order, page size and cursor. */
export function apiPage(state, timeZone) {
    const params = apiFilters(state, timeZone);
    params.set('limit', String(PAGE_SIZE));
    if (state.cursor) {
        params.set('cursor', state.cursor);
    }
    return params;
}

/** The API's query parameters for the filters, without paging: also what the CSV export takes. */
export function apiFilters({filters, sort}, timeZone) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) {
        if (name === 'updatedFrom') {
            const from = startOfDay(value, timeZone);
            if (from) {
                params.set(name, from);
            }
        } else if (name === 'updatedTo') {
            // the user means "up to and including that day"; the API's bound is exclusive
            const to = isPlainDate(value) ? startOfDay(addDays(value, 1), timeZone) : null;
            if (to) {
                params.set(name, to);
            }
        } else {
            params.set(name, value);
        }
    }
    if (sort && sort !== DEFAULT_SORT) {
        params.set('sort', sort);
    }
    return params;
}

/** The state without its cursor, as text: a change of it starts the Previous trail again. */
export function listKey(state) {
    return JSON.stringify([state.filters, state.sort]);
}
