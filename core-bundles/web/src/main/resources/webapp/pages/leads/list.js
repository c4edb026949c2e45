// Leads: views (all, mine, the pool), search and filters kept in the address, sort, cursor paging, a selection
// for claiming or assigning several at once, and the form to add one.

import {STATUSES, can, leadName, ownerName, statusBadge, errorText} from './common.js';
import {leadForm, leadSources} from './form.js';
import {userPicker} from './assign.js';

const PAGE_SIZE = 25;
const FILTERS = ['q', 'status', 'source', 'owner', 'sort'];
const SORTS = ['-updatedAt', '-createdAt', 'createdAt', 'name', '-name'];
// cursors of the pages before the current one, for "Previous" (cursors only go forward)
let previous = {key: null, cursors: []};

function link(filters, cursor) {
    const query = new URLSearchParams();
    for (const name of FILTERS) {
        if (filters[name]) {
            query.set(name, filters[name]);
        }
    }
    if (cursor) {
        query.set('cursor', cursor);
    }
    const text = query.toString();
    return `/leads${text ? `?${text}` : ''}`;
}

export async function renderLeads(page, ctx, query) {
    const {h, t, uid, navigate, me} = ctx;
    const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) || '']));
    const cursor = query.get('cursor') || '';
    const key = link(filters, null);
    if (previous.key !== key) {
        previous = {key, cursors: []};
    }

    const createArea = h('div', {});
    const newButton = h('button', {type: 'button', class: 'secondary', 'data-testid': 'new-lead',
        'aria-expanded': 'false', onClick: () => toggleCreate()}, t('leads.new'));
    function toggleCreate() {
        const open = newButton.getAttribute('aria-expanded') !== 'true';
        newButton.setAttribute('aria-expanded', String(open));
        createArea.replaceChildren(open ? leadForm(ctx, {
            onSaved: (lead) => navigate(`/leads/${encodeURIComponent(lead.id)}`),
            onCancel: () => {
                toggleCreate();
                newButton.focus();
            },
        }) : '');
        if (open) {
            createArea.querySelector('input').focus();
        }
    }

    const views = [['', 'leads.view.all'], ['me', 'leads.view.mine'], ['none', 'leads.view.pool']];
    const tabs = h('nav', {class: 'lead-views', 'aria-label': t('leads.view.label')},
        views.map(([owner, label]) => h('a', {href: `#${link({...filters, owner}, null)}`, 'data-testid': `view-${owner || 'all'}`,
            'aria-current': filters.owner === owner ? 'page' : null}, t(label))));

    page.append(
        h('div', {class: 'page-head'}, h('h1', {}, t('leads.title')),
            h('div', {class: 'actions'},
                can(me, 'leads:assign') ? h('a', {href: '#/leads/rules', class: 'button-link',
                    'data-testid': 'lead-rules-link'}, t('leads.rules.title')) : null,
                can(me, 'leads:write') ? newButton : null)),
        createArea, tabs, filterForm(ctx, filters));

    const results = h('div', {class: 'results', 'aria-live': 'polite'}, h('p', {class: 'muted'}, t('common.loading')));
    page.append(results);
    const params = new URLSearchParams({limit: String(PAGE_SIZE)});
    for (const name of FILTERS) {
        if (filters[name]) {
            params.set(name, filters[name]);
        }
    }
    if (cursor) {
        params.set('cursor', cursor);
    }
    let data;
    try {
        ({data} = await ctx.api(`/leads?${params}`));
    } catch (error) {
        results.replaceChildren(errorText(ctx, error));
        return;
    }
    const items = data.items || [];
    if (items.length === 0) {
        const filtered = FILTERS.some((name) => name !== 'sort' && filters[name]);
        results.replaceChildren(h('p', {class: 'empty', 'data-testid': 'no-leads'},
            filtered ? t('leads.noMatch') : t('leads.none')));
        return;
    }
    results.replaceChildren(leadTable(ctx, items, filters), pager(ctx, filters, cursor, data.nextCursor));
}

function filterForm(ctx, filters) {
    const {h, t, uid, navigate} = ctx;
    const ids = {q: uid('q'), status: uid('status'), source: uid('source'), sort: uid('sort')};
    const q = h('input', {id: ids.q, type: 'search', name: 'q', value: filters.q, 'data-testid': 'lead-search',
        placeholder: t('leads.searchPlaceholder')});
    const status = h('select', {id: ids.status, name: 'status', 'data-testid': 'lead-status-filter'},
        h('option', {value: ''}, t('leads.filter.anyStatus')),
        STATUSES.map((value) => h('option', {value, selected: filters.status === value}, t(`leads.status.${value}`))));
    const source = h('select', {id: ids.source, name: 'source', 'data-testid': 'lead-source-filter'},
        h('option', {value: ''}, t('leads.filter.anySource')));
    leadSources(ctx).then((sources) => {
        for (const option of sources) {
            source.append(h('option', {value: option.key, selected: filters.source === option.key}, option.label));
        }
        if (filters.source && !sources.some((option) => option.key === filters.source)) {
            source.append(h('option', {value: filters.source, selected: true}, filters.source));
        }
    });
    const sort = h('select', {id: ids.sort, name: 'sort', 'data-testid': 'lead-sort'},
        SORTS.map((value) => h('option', {value, selected: (filters.sort || '-updatedAt') === value},
            t(`leads.sort.${value.replace('-', 'desc.')}`))));
    const form = h('form', {class: 'search lead-filters', role: 'search', onSubmit: (event) => {
        event.preventDefault();
        navigate(link({...filters, q: q.value.trim(), status: status.value, source: source.value,
            sort: sort.value === '-updatedAt' ? '' : sort.value}, null));
    }},
    h('div', {class: 'filter-q'}, h('label', {for: ids.q}, t('leads.search')), q),
    h('div', {}, h('label', {for: ids.status}, t('leads.field.status')), status),
    h('div', {}, h('label', {for: ids.source}, t('leads.field.source')), source),
    h('div', {}, h('label', {for: ids.sort}, t('leads.sort.label')), sort),
    h('button', {type: 'submit', class: 'primary'}, t('leads.searchButton')));
    // a changed filter applies at once, like the tabs
    for (const select of [status, source, sort]) {
        select.addEventListener('change', () => form.requestSubmit());
    }
    return form;
}

function leadTable(ctx, items, filters) {
    const {h, t, me, formatDate, navigate} = ctx;
    const selected = new Set();
    const bulkArea = h('div', {class: 'bulk-area'});
    const count = h('span', {class: 'muted', 'aria-live': 'polite'});
    const claimButton = h('button', {type: 'button', class: 'secondary', 'data-testid': 'bulk-claim', disabled: true,
        onClick: () => bulk(async (lead) => ctx.api(`/leads/${encodeURIComponent(lead.id)}/claim`, {method: 'POST'}))},
    t('leads.action.claim'));
    const assignButton = h('button', {type: 'button', class: 'secondary', 'data-testid': 'bulk-assign', disabled: true,
        onClick: () => bulkArea.replaceChildren(userPicker(ctx, {label: t('leads.assign.to'),
            onPick: (user) => bulk(async (lead) => ctx.api(`/leads/${encodeURIComponent(lead.id)}/assign`,
                {method: 'POST', body: {ownerId: user.id}})),
            onCancel: () => {
                bulkArea.replaceChildren();
                assignButton.focus();
            }}))}, t('leads.action.assign'));
    const bulkResult = h('p', {role: 'status', class: 'muted'});

    // one call per lead: the API has no bulk claim/assign, and a failure names the lead it concerns
    async function bulk(action) {
        const chosen = items.filter((lead) => selected.has(lead.id));
        const failures = [];
        for (const lead of chosen) {
            try {
                await action(lead);
            } catch (error) {
                failures.push(`${leadName(lead)}: ${error.message}`);
            }
        }
        if (failures.length > 0) {
            bulkResult.className = 'form-error';
            bulkResult.textContent = t('leads.bulk.failed', {count: failures.length, detail: failures.join('; ')});
            return;
        }
        navigate(link(filters, null));
    }

    function refresh() {
        count.textContent = t('leads.bulk.selected', {count: selected.size});
        claimButton.disabled = selected.size === 0;
        assignButton.disabled = selected.size === 0;
    }

    const checkAll = h('input', {type: 'checkbox', 'aria-label': t('leads.bulk.selectAll'), onChange: () => {
        for (const box of boxes) {
            box.checked = checkAll.checked;
            box.dispatchEvent(new Event('change'));
        }
    }});
    const boxes = [];
    const rows = items.map((lead) => {
        const box = h('input', {type: 'checkbox', 'data-testid': 'lead-select', 'aria-label': t('leads.bulk.select',
            {name: leadName(lead)}), onChange: () => {
            if (box.checked) {
                selected.add(lead.id);
            } else {
                selected.delete(lead.id);
            }
            refresh();
        }});
        boxes.push(box);
        const owner = h('td', {class: 'wide'});
        ownerName(ctx, lead.ownerId).then((name) => owner.append(name));
        const pooled = !lead.ownerId && lead.status !== 'CONVERTED';
        return h('tr', {'data-lead-id': lead.id},
            h('td', {class: 'select'}, box),
            h('th', {scope: 'row'}, h('a', {href: `#/leads/${encodeURIComponent(lead.id)}`, 'data-testid': 'lead-link'},
                leadName(lead))),
            h('td', {}, lead.company || ''),
            h('td', {}, statusBadge(ctx, lead.status)),
            h('td', {class: 'wide'}, sourceLabel(ctx, lead.source)),
            owner,
            h('td', {class: 'wide'}, formatDate(lead.createdAt)),
            h('td', {}, pooled && can(me, 'leads:write') ? h('button', {type: 'button', class: 'secondary small',
                'data-testid': 'claim-lead', onClick: async (event) => {
                    event.currentTarget.disabled = true;
                    try {
                        await ctx.api(`/leads/${encodeURIComponent(lead.id)}/claim`, {method: 'POST'});
                        navigate(`/leads/${encodeURIComponent(lead.id)}`);
                    } catch (error) {
                        bulkResult.className = 'form-error';
                        bulkResult.textContent = t('error.generic', {detail: error.message});
                        event.currentTarget.disabled = false;
                    }
                }}, t('leads.action.claim')) : null));
    });
    refresh();
    const toolbar = h('div', {class: 'bulk-bar', role: 'group', 'aria-label': t('leads.bulk.label')}, count,
        can(me, 'leads:write') ? claimButton : null, can(me, 'leads:assign') ? assignButton : null);
    return h('div', {},
        toolbar, bulkArea, bulkResult,
        h('div', {class: 'table-scroll'}, h('table', {class: 'list', 'data-testid': 'leads'},
            h('caption', {class: 'visually-hidden'}, t('leads.title')),
            h('thead', {}, h('tr', {},
                h('td', {class: 'select'}, checkAll),
                h('th', {scope: 'col'}, t('leads.field.name')),
                h('th', {scope: 'col'}, t('leads.field.company')),
                h('th', {scope: 'col'}, t('leads.field.status')),
                h('th', {scope: 'col', class: 'wide'}, t('leads.field.source')),
                h('th', {scope: 'col', class: 'wide'}, t('leads.field.owner')),
                h('th', {scope: 'col', class: 'wide'}, t('leads.field.createdAt')),
                h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, t('leads.field.actions'))))),
            h('tbody', {}, rows))));
}

/** The source's label in the user's language; the key until the picklist is loaded (or if it was retired). */
function sourceLabel(ctx, key) {
    const cell = ctx.h('span', {}, key || '');
    if (key) {
        leadSources(ctx).then((sources) => {
            const found = sources.find((option) => option.key === key);
            if (found) {
                cell.textContent = found.label;
            }
        });
    }
    return cell;
}

function pager(ctx, filters, cursor, nextCursor) {
    const {h, t, navigate} = ctx;
    const nav = h('nav', {class: 'pager', 'aria-label': t('common.pages')});
    if (cursor) {
        nav.append(h('button', {type: 'button', class: 'secondary', onClick: () => {
            const back = previous.cursors.pop();
            navigate(link(filters, back || null));
        }}, t('common.previous')));
    }
    if (nextCursor) {
        nav.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'next-page', onClick: () => {
            previous.cursors.push(cursor);
            navigate(link(filters, nextCursor));
        }}, t('common.next')));
    }
    return nav;
}
