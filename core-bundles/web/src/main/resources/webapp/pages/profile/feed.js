// The calendar subscription (iCalendar feed): its status, creating or rotating its secret URL (shown once), revoking.

import {confirmInline} from '../activities/shared.js';
import {copySecret} from './secret.js';

export function calendarFeedPanel(ctx) {
    const {h, t, uid, api, formatDateTime} = ctx;
    const status = h('div', {'data-testid': 'feed-status'}, h('p', {class: 'muted'}, t('common.loading')));
    const created = h('div', {class: 'secret-box', hidden: true, 'data-testid': 'feed-created'});
    const error = h('p', {class: 'form-error', role: 'alert', hidden: true});

    function fail(failure) {
        error.textContent = t('error.generic', {detail: failure.message});
        error.hidden = false;
    }

    async function create(button) {
        button.disabled = true;
        error.hidden = true;
        try {
            const {data} = await api('/me/calendar-feed', {method: 'POST'});
            const id = uid('feed-url');
            const copied = h('span', {class: 'muted', role: 'status'});
            const url = h('input', {id, readonly: true, value: data.url, class: 'secret', 'data-testid': 'feed-url',
                spellcheck: 'false'});
            created.replaceChildren(
                h('p', {class: 'warning'}, h('strong', {}, t('feed.once')), ' ', t('feed.onceText')),
                h('label', {for: id}, t('feed.url')),
                h('div', {class: 'secret-row'}, url, h('button', {type: 'button', class: 'secondary',
                    'data-testid': 'feed-copy', onClick: () => copySecret(ctx, url, copied)}, t('profile.copy'))),
                copied,
                h('p', {class: 'muted'}, t('feed.howTo')));
            created.hidden = false;
            url.focus();
            url.select();
            await load();
        } catch (failure) {
            fail(failure);
        } finally {
            button.disabled = false;
        }
    }

    async function load() {
        let data;
        try {
            ({data} = await api('/me/calendar-feed'));
        } catch (failure) {
            status.replaceChildren();
            fail(failure);
            return;
        }
        const createButton = h('button', {type: 'button', class: data.active ? 'secondary' : 'primary',
            'data-testid': data.active ? 'feed-rotate' : 'feed-create', onClick: (event) => create(event.currentTarget)},
        data.active ? t('feed.rotate') : t('feed.create'));
        const revoke = data.active ? h('button', {type: 'button', class: 'secondary', 'data-testid': 'feed-revoke',
            onClick: () => confirmInline(ctx, revoke, t('feed.revokeQuestion'), t('feed.revoke'), async () => {
                error.hidden = true;
                try {
                    await api('/me/calendar-feed', {method: 'DELETE'});
                    created.hidden = true;
                    created.replaceChildren();
                    await load();
                } catch (failure) {
                    fail(failure);
                }
            })}, t('feed.revoke')) : null;
        status.replaceChildren(
            h('p', {'data-testid': 'feed-state'}, data.active
                ? t('feed.active', {created: formatDateTime(data.createdAt)}) : t('feed.inactive')),
            data.active ? h('p', {class: 'muted'}, data.lastUsedAt
                ? t('feed.lastUsed', {when: formatDateTime(data.lastUsedAt)}) : t('feed.neverUsed')) : null,
            data.active ? h('p', {class: 'muted'}, t('feed.rotateHint')) : null,
            h('div', {class: 'actions'}, createButton, revoke));
    }

    load();
    return h('div', {}, h('p', {class: 'muted'}, t('feed.intro')), created, status, error);
}
