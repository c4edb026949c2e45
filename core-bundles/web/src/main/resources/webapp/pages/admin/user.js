// One user: what the directory knows, the edit form, disable/enable, unlock and a new password.

import {fieldErrors} from '../forms.js';
import {adminFrame, announce, can, confirmDialog, errorBox, generatePassword, userNames} from './shared.js';
import {userForm} from './user-form.js';
import {statusBadges} from './users.js';

export async function renderUser(page, ctx, params) {
    const {h, t} = ctx;
    const content = adminFrame(page, ctx, 'users');
    if (!content) {
        return;
    }
    content.append(h('p', {}, h('a', {href: '#/admin/users'}, t('admin.user.back'))));
    const body = h('div', {}, h('p', {class: 'muted'}, t('common.loading')));
    content.append(body);
    await show(ctx, params.id, body, null);
}

async function show(ctx, id, body, notice) {
    const {h, t, api, formatDateTime} = ctx;
    let user;
    let etag;
    try {
        ({data: user, etag} = await api(`/admin/users/${encodeURIComponent(id)}`));
    } catch (error) {
        body.replaceChildren(error.status === 404 ? h('p', {class: 'empty'}, t('admin.user.notFound'))
            : errorBox(h, t, error));
        return;
    }
    const reload = (message) => show(ctx, id, body, message);
    const status = h('p', {class: 'notice', role: 'status', 'data-testid': 'user-notice', hidden: true});
    announce(status, notice);
    const failure = h('p', {class: 'form-error', role: 'alert', hidden: true, tabindex: '-1', 'data-testid': 'user-action-error'});
    const act = async (path, message) => {
        failure.hidden = true;
        try {
            await ctx.api(`/admin/users/${encodeURIComponent(id)}/${path}`, {method: 'POST'});
            await reload(message);
        } catch (error) {
            // the seat limit of the license refuses enabling: say so plainly
            const seats = String(error.problem?.type || '').endsWith('/seat-limit');
            failure.textContent = seats ? t('admin.users.seatLimit', {detail: error.message})
                : t('error.generic', {detail: error.message});
            failure.hidden = false;
            failure.focus?.();
        }
    };
    const manager = await userNames(api)(user.managerId);
    const writable = can(ctx.me, 'users:write');
    const actions = h('div', {class: 'adm-actions'});
    if (writable) {
        actions.append(user.active
            ? h('button', {type: 'button', class: 'adm-danger', 'data-testid': 'disable-user', onClick: async () => {
                if (await confirmDialog(ctx, t('admin.user.disableConfirm', {name: user.username}), t('admin.user.disable'))) {
                    await act('disable', t('admin.user.disabled'));
                }
            }}, t('admin.user.disable'))
            : h('button', {type: 'button', class: 'secondary', 'data-testid': 'enable-user',
                onClick: () => act('enable', t('admin.user.enabled'))}, t('admin.user.enable')));
        if (user.locked) {
            actions.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'unlock-user',
                onClick: () => act('unlock', t('admin.user.unlocked'))}, t('admin.user.unlock')));
        }
    }
    const facts = [
        [t('admin.users.username'), user.username],
        [t('admin.users.email'), user.email || '—'],
        [t('admin.users.roles'), (user.roles || []).join(', ') || '—'],
        [t('admin.users.manager'), manager ? `${manager.displayName} (${manager.username})` : '—'],
        [t('admin.users.locale'), user.locale],
        [t('admin.users.timeZone'), user.timeZone],
        [t('admin.user.createdAt'), formatDateTime(user.createdAt)],
        [t('admin.user.updatedAt'), formatDateTime(user.updatedAt)],
    ];
    const panels = [h('section', {class: 'panel'},
        h('dl', {class: 'profile'}, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
        can(ctx.me, 'security-events:read') ? h('p', {}, h('a', {href: `#/admin/audit?${new URLSearchParams({username: user.username})}`},
            t('admin.user.events'))) : null)];
    if (writable) {
        panels.push(h('section', {class: 'panel'}, h('h2', {}, t('admin.user.edit')),
            await userForm(ctx, {user, etag, onSaved: () => reload(t('admin.saved'))})));
        panels.push(passwordPanel(ctx, user, reload));
    }
    body.replaceChildren(
        h('div', {class: 'page-head'}, h('h2', {'data-testid': 'user-title'}, user.displayName || user.username,
            ' ', statusBadges(h, t, user)), actions),
        status, failure, h('div', {class: 'columns'}, panels));
}

function passwordPanel(ctx, user, reload) {
    const {h, t, uid, api} = ctx;
    const id = uid('password');
    const input = h('input', {id, name: 'password', type: 'text', autocomplete: 'new-password', spellcheck: 'false'});
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'password-form'},
        errors.field('password', h('label', {for: id}, t('admin.user.newPassword')),
            h('div', {class: 'adm-inline'}, input, h('button', {type: 'button', class: 'secondary', onClick: () => {
                input.value = generatePassword();
            }}, t('admin.users.generate')))),
        h('p', {class: 'muted adm-hint'}, t('admin.user.passwordHint')),
        general, h('button', {type: 'submit', class: 'primary'}, t('admin.user.setPassword')));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        try {
            await api(`/admin/users/${encodeURIComponent(user.id)}/password`, {method: 'POST',
                body: {password: input.value}});
            await reload(t('admin.user.passwordSet'));
        } catch (error) {
            errors.show(error);
        }
    });
    return h('section', {class: 'panel'}, h('h2', {}, t('admin.user.resetPassword')), form);
}
