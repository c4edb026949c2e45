// What the leads pages share: statuses, permission checks, owner names, the person's display name.

import {append} from '../../dom.js';

export const STATUSES = ['NEW', 'WORKING', 'QUALIFIED', 'DISQUALIFIED', 'CONVERTED'];
export const OPEN_STATUSES = ['NEW', 'WORKING', 'QUALIFIED'];

/** Whether the user holds a permission; roles grant patterns such as '*' or 'leads:*'. */
export function can(me, permission) {
    return (me.permissions || []).some((pattern) => pattern === permission
        || new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(permission));
}

export function personName(lead) {
    return [lead.firstName, lead.lastName].filter(Boolean).join(' ');
}

/** A lead's title in lists and headings: the person, else the company. */
export function leadName(lead) {
    return personName(lead) || lead.company || '—';
}

// user id → display name; only admins may read the user directory, everyone else sees "me" or a short id
const names = new Map();

export async function ownerName(ctx, id) {
    const {me, t, api} = ctx;
    if (!id) {
        return t('leads.owner.pool');
    }
    if (id === me.id) {
        return me.displayName || me.username;
    }
    if (!names.has(id)) {
        names.set(id, can(me, 'users:read')
            ? api(`/admin/users/${encodeURIComponent(id)}`).then(({data}) => data.displayName || data.username)
                .catch(() => t('leads.owner.other'))
            : Promise.resolve(t('leads.owner.other')));
    }
    return names.get(id);
}

/** Users matching a search, for the owner pickers: [{id, label}]; just the user themself without users:read. */
export async function findUsers(ctx, q) {
    const {me, api} = ctx;
    if (!can(me, 'users:read')) {
        return [{id: me.id, label: me.displayName || me.username}];
    }
    const params = new URLSearchParams({limit: '10'});
    if (q) {
        params.set('q', q);
    }
    const {data} = await api(`/admin/users?${params}`);
    return (data.items || []).filter((user) => user.active !== false)
        .map((user) => ({id: user.id, label: user.displayName ? `${user.displayName} (${user.username})` : user.username}));
}

/** A status badge. */
export function statusBadge({h, t}, status) {
    return h('span', {class: `badge lead-status lead-status-${String(status).toLowerCase()}`,
        'data-testid': 'lead-status'}, t(`leads.status.${status}`));
}

/** An alert paragraph for an error that belongs to no field. */
export function errorText({h, t}, error) {
    return h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message}));
}

/** Replaces an element's children; unlike replaceChildren(), null and false leave nothing (not the text "null"). */
export function fill(element, ...children) {
    element.replaceChildren();
    return append(element, children);
}
