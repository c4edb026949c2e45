// Personal API tokens: the list, a new one (its secret shown once, never kept by the page), revoking one.

import {fieldErrors} from '../forms.js';
import {confirmInline} from '../activities/shared.js';
import {localToInstant} from '../../time.js';
import {copySecret} from './secret.js';

export function tokensPanel(ctx) {
    const {h, t, uid, api, timeZone} = ctx;
    const list = h('div', {'data-testid': 'tokens'}, h('p', {class: 'muted'}, t('common.loading')));
    const created = h('div', {class: 'secret-box', hidden: true, 'data-testid': 'token-created'});
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const ids = {name: uid('token-name'), expires: uid('token-expires')};
    const name = h('input', {id: ids.name, name: 'name', maxlength: '100', 'data-testid': 'token-name'});
    const expires = h('input', {id: ids.expires, name: 'expiresAt', type: 'date', 'data-testid': 'token-expires'});
    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'token-create'}, t('tokens.create'));
    const form = h('form', {class: 'inline-form', novalidate: true, 'data-testid': 'token-form'},
        errors.field('name', h('label', {for: ids.name}, t('tokens.name')), name),
        errors.field('expiresAt', h('label', {for: ids.expires}, t('tokens.expires'),
            h('span', {class: 'muted label-note'}, ` ${t('tokens.expiresHint')}`)), expires),
        h('div', {class: 'field'}, submit), general);

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        created.hidden = true;
        created.replaceChildren();
        const body = {name: name.value.trim()};
        if (expires.value) {
            body.expiresAt = localToInstant(`${expires.value}T23:59`, timeZone); // the end of that day, my time
        }
        submit.disabled = true;
        try {
            const {data} = await api('/me/tokens', {method: 'POST', body});
            name.value = '';
            expires.value = '';
            showSecret(data);
            await load();
        } catch (error) {
            errors.show(error);
        } finally {
            submit.disabled = false;
        }
    });

    function showSecret(token) {
        const id = uid('token-secret');
        const status = h('span', {class: 'muted', role: 'status'});
        const secret = h('input', {id, readonly: true, value: token.token, class: 'secret', 'data-testid': 'token-secret',
            spellcheck: 'false', autocomplete: 'off'});
        created.replaceChildren(
            h('p', {class: 'warning'}, h('strong', {}, t('tokens.once')), ' ', t('tokens.onceText')),
            h('label', {for: id}, t('tokens.secretFor', {name: token.name})),
            h('div', {class: 'secret-row'}, secret,
                h('button', {type: 'button', class: 'secondary', 'data-testid': 'token-copy',
                    onClick: () => copySecret(ctx, secret, status)}, t('profile.copy'))),
            status,
            h('p', {}, h('button', {type: 'button', class: 'link-button', onClick: () => {
                created.hidden = true;
                created.replaceChildren(); // gone from the page for good
                name.focus();
            }}, t('tokens.done'))));
        created.hidden = false;
        secret.focus();
        secret.select();
    }

    async function load() {
        let data;
        try {
            ({data} = await api('/me/tokens'));
        } catch (error) {
            list.replaceChildren(h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: error.message})));
            return;
        }
        const items = (data.items || []).slice().sort((a, b) => (b.createdAt || '').localeCompare(a.createdAt || ''));
        list.replaceChildren(items.length === 0 ? h('p', {class: 'empty'}, t('tokens.none')) : tokenTable(ctx, items, load));
    }

    load();
    return h('div', {}, h('p', {class: 'muted'}, t('tokens.intro')), form, created, list);
}

function tokenTable(ctx, items, reload) {
    const {h, t, api, formatDateTime} = ctx;
    const state = (token) => {
        if (token.revokedAt) {
            return t('tokens.revoked');
        }
        return token.active ? t('tokens.active') : t('tokens.expired');
    };
    return h('table', {class: 'list tokens-table'},
        h('caption', {class: 'visually-hidden'}, t('tokens.title')),
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, t('tokens.name')),
            h('th', {scope: 'col', class: 'wide'}, t('tokens.created')),
            h('th', {scope: 'col'}, t('tokens.expiresAt')),
            h('th', {scope: 'col', class: 'wide'}, t('tokens.lastUsed')),
            h('th', {scope: 'col'}, t('tokens.state')),
            h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, t('tokens.actions'))))),
        h('tbody', {}, items.map((token) => {
            const error = h('span', {class: 'form-error', role: 'alert'});
            const revoke = token.active ? h('button', {type: 'button', class: 'secondary', 'data-testid': 'token-revoke',
                'aria-label': t('tokens.revokeOne', {name: token.name}),
                onClick: () => confirmInline(ctx, revoke, t('tokens.revokeQuestion', {name: token.name}),
                    t('tokens.revoke'), async () => {
                        try {
                            await api(`/me/tokens/${encodeURIComponent(token.id)}`, {method: 'DELETE'});
                            await reload();
                        } catch (failure) {
                            error.textContent = t('error.generic', {detail: failure.message});
                        }
                    })}, t('tokens.revoke')) : null;
            return h('tr', {'data-testid': 'token-row', 'data-token-name': token.name,
                class: token.active ? '' : 'inactive'},
            h('th', {scope: 'row'}, token.name),
            h('td', {class: 'wide'}, formatDateTime(token.createdAt)),
            h('td', {}, formatDateTime(token.expiresAt)),
            h('td', {class: 'wide'}, token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('tokens.never')),
            h('td', {'data-testid': 'token-state'}, state(token)),
            h('td', {}, revoke, error));
        })));
}
