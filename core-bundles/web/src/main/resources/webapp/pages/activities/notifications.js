// My notifications (GET /me/notifications), newest first, paged: mark one or all read, delete one.

import {errorLine} from './shared.js';
import {mondayOf, zonedDate} from '../../time.js';

const PAGE_SIZE = 30;
const KNOWN_KINDS = ['activity.reminder', 'task.overdue', 'contact.birthday'];

export async function renderNotifications(page, ctx, query) {
    const {h, t, api, navigate} = ctx;
    const unreadOnly = query.get('unread') === 'true';
    const notice = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'notifications-notice'});
    const list = h('ul', {class: 'notification-list', 'data-testid': 'notifications', 'aria-live': 'polite'},
        h('li', {class: 'muted'}, t('common.loading')));
    const more = h('div', {class: 'pager'});
    const readAll = h('button', {type: 'button', class: 'secondary', 'data-testid': 'read-all', onClick: async () => {
        readAll.disabled = true;
        try {
            const {data} = await api('/me/notifications/read-all', {method: 'POST'});
            notice.textContent = t('notifications.markedAll', {count: data.marked});
            notice.hidden = false;
            await load(null, true);
        } catch (error) {
            notice.hidden = true;
            list.prepend(h('li', {}, errorLine(ctx, error)));
        } finally {
            readAll.disabled = false;
        }
    }}, t('notifications.readAll'));
    const toggle = h('a', {href: unreadOnly ? '#/notifications' : '#/notifications?unread=true', class: 'filter-link',
        'data-testid': 'unread-toggle'}, unreadOnly ? t('notifications.showAll') : t('notifications.showUnread'));

    page.append(h('div', {class: 'page-head'}, h('h1', {}, t('notifications.title')),
        h('div', {class: 'actions'}, toggle, readAll)), notice, list, more);

    async function load(cursor, replace) {
        const params = new URLSearchParams({limit: String(PAGE_SIZE)});
        if (unreadOnly) {
            params.set('unread', 'true');
        }
        if (cursor) {
            params.set('cursor', cursor);
        }
        let data;
        try {
            ({data} = await api(`/me/notifications?${params}`));
        } catch (error) {
            list.replaceChildren(h('li', {}, errorLine(ctx, error)));
            return;
        }
        const rows = (data.items || []).map((item) => notificationRow(ctx, item, () => load(null, true), navigate));
        if (replace) {
            list.replaceChildren(...rows);
        } else {
            list.append(...rows);
        }
        if (list.children.length === 0) {
            list.append(h('li', {class: 'empty', 'data-testid': 'no-notifications'},
                unreadOnly ? t('notifications.noneUnread') : t('notifications.none')));
        }
        more.replaceChildren();
        if (data.nextCursor) {
            more.append(h('button', {type: 'button', class: 'secondary', onClick: (event) => {
                event.target.disabled = true;
                load(data.nextCursor, false);
            }}, t('notifications.more')));
        }
    }

    await load(null, true);
}

/** The text of a notification in the user's language, its own title when the kind is unknown to the app. */
function text(ctx, item) {
    const {t, formatDateTime, formatDate} = ctx;
    if (!KNOWN_KINDS.includes(item.kind)) {
        return item.title;
    }
    const params = {...item.params};
    if (params.at) {
        params.at = formatDateTime(params.at);
    }
    if (params.dueAt) {
        params.dueAt = formatDateTime(params.dueAt);
    }
    if (params.date) {
        params.date = formatDate(`${params.date}T12:00:00Z`);
    }
    const key = `notifications.kind.${item.kind}`;
    const needed = (t(key).match(/\{(\w+)\}/g) || []).map((name) => name.slice(1, -1));
    // a module that sends fewer parameters than the translation needs gets its own title shown instead
    return needed.every((name) => params[name] !== undefined) ? t(key, params) : item.title;
}

function target(ctx, item) {
    if (item.recordType === 'customer' && item.recordId) {
        return `#/customers/${encodeURIComponent(item.recordId)}`;
    }
    if (item.recordType === 'activity') {
        const at = item.params && (item.params.at || item.params.dueAt);
        return at ? `#/activities/calendar?week=${mondayOf(zonedDate(at, ctx.timeZone))}` : '#/activities/tasks';
    }
    return null;
}

function notificationRow(ctx, item, reload) {
    const {h, t, api, formatDateTime} = ctx;
    const unread = !item.readAt;
    const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const act = async (button, request) => {
        button.disabled = true;
        error.hidden = true;
        try {
            await request();
            await reload();
        } catch (failure) {
            button.disabled = false;
            error.textContent = t('error.generic', {detail: failure.message});
            error.hidden = false;
        }
    };
    const path = `/me/notifications/${encodeURIComponent(item.id)}`;
    const href = target(ctx, item);
    const title = text(ctx, item);
    return h('li', {class: `notification${unread ? ' unread' : ''}`, 'data-testid': 'notification',
        'data-notification-id': item.id},
    h('div', {class: 'notification-main'},
        unread ? h('span', {class: 'badge'}, t('notifications.unread')) : null,
        href ? h('a', {href, onClick: () => unread && api(`${path}/read`, {method: 'POST'}).catch(() => {})}, title)
            : h('strong', {}, title),
        item.body ? h('p', {}, item.body) : null,
        h('time', {class: 'muted', datetime: item.createdAt}, formatDateTime(item.createdAt))),
    h('div', {class: 'notification-actions'},
        unread ? h('button', {type: 'button', class: 'secondary', 'data-testid': 'mark-read',
            onClick: (event) => act(event.currentTarget, () => api(`${path}/read`, {method: 'POST'}))},
        t('notifications.markRead')) : null,
        h('button', {type: 'button', class: 'secondary', 'data-testid': 'delete-notification',
            'aria-label': t('notifications.deleteOne', {title}),
            onClick: (event) => act(event.currentTarget, () => api(path, {method: 'DELETE'}))}, t('notifications.delete'))),
    error);
}
