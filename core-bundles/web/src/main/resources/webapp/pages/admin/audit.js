// The audit pages: the security events (sign-ins, user and role changes, …) and one record's field history.

import {addDays, isPlainDate, startOfDay} from '../../time.js';
import {fieldErrors} from '../forms.js';
import {adminFrame, can, errorBox, pager, recordTypeLabel, recordTypeSelect, scroller} from './shared.js';

const EVENT_TYPES = ['LOGIN', 'LOGOUT', 'CONSOLE_LOGIN', 'TOKEN_CREATED', 'TOKEN_REVOKED', 'TOKEN_REJECTED',
    'PERMISSION_DENIED', 'USER_CREATED', 'USER_CHANGED', 'USER_DISABLED', 'USER_ENABLED', 'USER_UNLOCKED',
    'PASSWORD_CHANGED', 'ROLE_CREATED', 'ROLE_CHANGED', 'ROLE_DELETED', 'ROLES_ASSIGNED', 'TEAM_CHANGED'];
const ACTIONS = ['CREATED', 'UPDATED', 'DELETED', 'RESTORED', 'MERGED', 'CLAIMED', 'RELEASED', 'ASSIGNED', 'CONVERTED'];
const PAGE_SIZE = 25;

export async function renderAudit(page, ctx, params, query) {
    const {h} = ctx;
    const content = adminFrame(page, ctx, 'audit');
    if (!content) {
        return;
    }
    const history = h('section', {class: 'admin-section', 'aria-labelledby': 'history-title'});
    const events = h('section', {class: 'admin-section', 'aria-labelledby': 'events-title'});
    // a record asked for (from the recycle bin, a link) comes first
    const wantsHistory = query.get('recordId');
    content.append(...(wantsHistory ? [history, events] : [events, history]));
    const loads = [renderHistory(ctx, history, query)];
    if (can(ctx.me, 'security-events:read')) {
        loads.push(renderEvents(ctx, events, query));
    }
    await Promise.all(loads);
    if (wantsHistory) {
        history.querySelector('h2').scrollIntoView();
    }
}

function routeWith(query, changes) {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(changes)) {
        if (value) {
            next.set(name, value);
        } else {
            next.delete(name);
        }
    }
    return `/admin/audit${next.toString() ? `?${next}` : ''}`;
}

async function renderEvents(ctx, section, query) {
    const {h, t, uid, navigate, formatDateTime} = ctx;
    const type = query.get('type') || '';
    const username = query.get('username') || '';
    const typeId = uid('type');
    const userId = uid('username');
    const typeSelect = h('select', {id: typeId, name: 'type', 'data-testid': 'event-type'},
        h('option', {value: ''}, t('admin.audit.allTypes')),
        EVENT_TYPES.map((value) => h('option', {value, selected: value === type}, t(`admin.event.${value}`))));
    const userInput = h('input', {id: userId, name: 'username', value: username, autocomplete: 'off',
        'data-testid': 'event-username'});
    // days in the user's zone; the API takes UTC instants, 'to' exclusive, so the last day counts whole
    const from = isPlainDate(query.get('from')) ? query.get('from') : '';
    const to = isPlainDate(query.get('to')) ? query.get('to') : '';
    const fromId = uid('from');
    const toId = uid('to');
    const fromInput = h('input', {id: fromId, name: 'from', type: 'date', value: from, 'data-testid': 'event-from'});
    const toInput = h('input', {id: toId, name: 'to', type: 'date', value: to, 'data-testid': 'event-to'});
    const results = h('div', {'aria-live': 'polite'});
    const paging = pager(ctx, async (cursor) => {
        results.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        const params = new URLSearchParams({limit: String(PAGE_SIZE)});
        if (type) {
            params.set('type', type);
        }
        if (username) {
            params.set('username', username);
        }
        if (from) {
            params.set('from', startOfDay(from, ctx.timeZone));
        }
        if (to) {
            params.set('to', startOfDay(addDays(to, 1), ctx.timeZone));
        }
        if (cursor) {
            params.set('cursor', cursor);
        }
        let data;
        try {
            ({data} = await ctx.api(`/admin/security-events?${params}`));
        } catch (error) {
            results.replaceChildren(errorBox(h, t, error));
            return null;
        }
        const items = data.items || [];
        if (items.length === 0) {
            results.replaceChildren(h('p', {class: 'empty'}, t('admin.audit.noEvents')));
            return null;
        }
        results.replaceChildren(scroller(h, t('admin.audit.events'), h('table', {class: 'list', 'data-testid': 'security-events'},
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, t('admin.audit.when')),
                h('th', {scope: 'col'}, t('admin.audit.type')),
                h('th', {scope: 'col'}, t('admin.audit.outcome')),
                h('th', {scope: 'col'}, t('admin.audit.user')),
                h('th', {scope: 'col'}, t('admin.audit.source')),
                h('th', {scope: 'col'}, t('admin.audit.detail')))),
            h('tbody', {}, items.map((event) => h('tr', {'data-event-type': event.type, 'data-username': event.username || ''},
                h('td', {class: 'adm-nowrap'}, formatDateTime(event.occurredAt)),
                h('td', {}, EVENT_TYPES.includes(event.type) ? t(`admin.event.${event.type}`) : event.type),
                h('td', {}, h('span', {class: `badge ${event.outcome === 'SUCCESS' ? 'adm-ok' : 'adm-bad'}`},
                    event.outcome === 'SUCCESS' ? t('admin.audit.success') : t('admin.audit.failure'))),
                h('td', {}, event.username || ''),
                h('td', {}, event.source || ''),
                h('td', {class: 'adm-detail'}, event.detail || '')))))));
        return data.nextCursor;
    });
    section.append(h('h2', {id: 'events-title'}, t('admin.audit.events')),
        h('form', {class: 'adm-filters', role: 'search', 'data-testid': 'event-filters', onSubmit: (event) => {
            event.preventDefault();
            navigate(routeWith(query, {type: typeSelect.value, username: userInput.value.trim(),
                from: fromInput.value, to: toInput.value}));
        }},
        h('div', {class: 'field'}, h('label', {for: typeId}, t('admin.audit.type')), typeSelect),
        h('div', {class: 'field'}, h('label', {for: userId}, t('admin.audit.username')), userInput),
        h('div', {class: 'field'}, h('label', {for: fromId}, t('admin.audit.from')), fromInput),
        h('div', {class: 'field'}, h('label', {for: toId}, t('admin.audit.to')), toInput),
        h('button', {type: 'submit', class: 'primary'}, t('admin.audit.filter'))),
        results, paging.bar);
    await paging.first();
}

async function renderHistory(ctx, section, query) {
    const {h, t, uid, navigate, formatDateTime} = ctx;
    const recordType = query.get('recordType') || 'customer';
    const recordId = query.get('recordId') || '';
    const typeId = uid('record-type');
    const idId = uid('record-id');
    const typeSelect = recordTypeSelect(ctx, {id: typeId, value: recordType, testid: 'history-type'});
    const idInput = h('input', {id: idId, name: 'recordId', value: recordId, autocomplete: 'off', 'data-testid': 'history-id',
        spellcheck: 'false'});
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const results = h('div', {'aria-live': 'polite'});
    section.append(h('h2', {id: 'history-title'}, t('admin.audit.history')),
        h('p', {class: 'muted adm-hint'}, t('admin.audit.historyHint')),
        h('form', {class: 'adm-filters', 'data-testid': 'history-form', novalidate: true, onSubmit: (event) => {
            event.preventDefault();
            navigate(routeWith(query, {recordType: typeSelect.value, recordId: idInput.value.trim()}));
        }},
        errors.field('recordType', h('label', {for: typeId}, t('admin.audit.recordType')), typeSelect),
        errors.field('recordId', h('label', {for: idId}, t('admin.audit.recordId')), idInput),
        h('button', {type: 'submit', class: 'primary', 'data-testid': 'history-show'}, t('admin.show'))),
        general, results);
    if (!recordId) {
        return;
    }
    const list = h('ol', {class: 'adm-history', 'data-testid': 'history'});
    const more = h('div', {});
    results.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
    const value = (text) => (text === null || text === undefined || text === '' ? h('span', {class: 'muted'}, '—') : text);
    async function load(cursor) {
        const params = new URLSearchParams({recordType, recordId, limit: String(PAGE_SIZE)});
        if (cursor) {
            params.set('cursor', cursor);
        }
        let data;
        try {
            ({data} = await ctx.api(`/audit?${params}`));
        } catch (error) {
            if (error.status === 404) {
                results.replaceChildren(h('p', {class: 'empty'}, t('admin.audit.noRecord')));
            } else if (error.errors.length > 0) {
                results.replaceChildren();
                errors.show(error);
            } else {
                results.replaceChildren(errorBox(h, t, error));
            }
            return;
        }
        const entries = data.items || [];
        if (!cursor) {
            const link = recordType === 'customer' ? h('a', {href: `#/customers/${encodeURIComponent(recordId)}`},
                t('admin.audit.openCustomer')) : null;
            results.replaceChildren(h('p', {}, t('admin.audit.historyOf', {type: recordTypeLabel(t, recordType), id: recordId}),
                ' ', link), entries.length === 0 ? h('p', {class: 'empty'}, t('admin.audit.noHistory')) : list, more);
        }
        list.append(...entries.map((entry) => h('li', {class: 'panel', 'data-action': entry.action},
            h('p', {class: 'adm-entry-head'}, h('span', {class: 'badge'}, ACTIONS.includes(entry.action)
                ? t(`admin.action.${entry.action}`) : entry.action), ' ',
            h('strong', {}, entry.actorName || entry.actorId || ''), ' ',
            h('time', {datetime: entry.occurredAt, class: 'muted'}, formatDateTime(entry.occurredAt))),
            entry.reason ? h('p', {class: 'adm-reason'}, t('admin.audit.reason', {reason: entry.reason})) : null,
            entry.changes.length === 0 ? null : scroller(h, t('admin.audit.changes'), h('table', {class: 'list adm-compact adm-changes'},
                h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('admin.audit.field')),
                    h('th', {scope: 'col'}, t('admin.audit.old')), h('th', {scope: 'col'}, t('admin.audit.new')))),
                h('tbody', {}, entry.changes.map((change) => h('tr', {'data-field': change.field},
                    h('th', {scope: 'row'}, h('code', {}, change.field)),
                    h('td', {class: 'adm-old'}, value(change.oldValue)),
                    h('td', {class: 'adm-new'}, value(change.newValue))))))))));
        more.replaceChildren(data.nextCursor ? h('button', {type: 'button', class: 'secondary', onClick: () => load(data.nextCursor)},
            t('admin.audit.older')) : '');
    }
    await load(null);
}
