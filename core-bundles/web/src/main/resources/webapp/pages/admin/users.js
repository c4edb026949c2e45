// Users: search, cursor paging, and the form that adds one.

import {adminFrame, can, errorBox, pager, scroller} from './shared.js';
import {userForm} from './user-form.js';

const PAGE_SIZE = 20;

export function statusBadges(h, t, user) {
    return [
        user.active ? h('span', {class: 'badge adm-ok'}, t('admin.users.active'))
            : h('span', {class: 'badge adm-off', 'data-testid': 'user-disabled'}, t('admin.users.disabled')),
        user.locked ? h('span', {class: 'badge adm-warn', 'data-testid': 'user-locked'}, t('admin.users.locked')) : null,
    ];
}

export async function renderUsers(page, ctx, params, query) {
    const {h, t, uid, navigate} = ctx;
    const content = adminFrame(page, ctx, 'users');
    if (!content) {
        return;
    }
    const q = query.get('q') || '';
    const searchId = uid('search');
    const search = h('input', {id: searchId, type: 'search', value: q, 'data-testid': 'user-list-search',
        placeholder: t('admin.users.searchPlaceholder')});
    const createArea = h('div', {});
    const results = h('div', {'aria-live': 'polite'});
    const head = h('div', {class: 'page-head'}, h('h2', {}, t('admin.users.title')));
    if (can(ctx.me, 'users:write')) {
        const newButton = h('button', {type: 'button', class: 'secondary', 'data-testid': 'new-user',
            'aria-expanded': 'false', onClick: async () => {
                const open = newButton.getAttribute('aria-expanded') !== 'true';
                newButton.setAttribute('aria-expanded', String(open));
                createArea.replaceChildren();
                if (open) {
                    createArea.append(await userForm(ctx, {onSaved: (user) =>
                        navigate(`/admin/users/${encodeURIComponent(user.id)}`)}));
                    createArea.querySelector('input').focus();
                }
            }}, t('admin.users.new'));
        head.append(newButton);
    }
    const paging = pager(ctx, (cursor) => load(ctx, q, cursor, results));
    content.append(head, createArea,
        h('form', {class: 'search', role: 'search', onSubmit: (event) => {
            event.preventDefault();
            const value = search.value.trim();
            navigate(`/admin/users${value ? `?${new URLSearchParams({q: value})}` : ''}`);
        }}, h('label', {for: searchId}, t('admin.users.search')), search,
        h('button', {type: 'submit', class: 'primary'}, t('admin.search'))),
        results, paging.bar);
    await paging.first();
}

async function load(ctx, q, cursor, results) {
    const {h, t, api} = ctx;
    results.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
    const params = new URLSearchParams({limit: String(PAGE_SIZE)});
    if (q) {
        params.set('q', q);
    }
    if (cursor) {
        params.set('cursor', cursor);
    }
    let data;
    try {
        ({data} = await api(`/admin/users?${params}`));
    } catch (error) {
        results.replaceChildren(errorBox(h, t, error));
        return null;
    }
    const users = data.items || [];
    if (users.length === 0) {
        results.replaceChildren(h('p', {class: 'empty'}, q ? t('admin.users.noMatch', {q}) : t('admin.users.none')));
        return null;
    }
    results.replaceChildren(scroller(h, t('admin.users.title'), h('table', {class: 'list', 'data-testid': 'users'},
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, t('admin.users.username')),
            h('th', {scope: 'col'}, t('admin.users.displayName')),
            h('th', {scope: 'col'}, t('admin.users.email')),
            h('th', {scope: 'col'}, t('admin.users.roles')),
            h('th', {scope: 'col'}, t('admin.users.status')))),
        h('tbody', {}, users.map((user) => h('tr', {'data-username': user.username},
            h('th', {scope: 'row'}, h('a', {href: `#/admin/users/${encodeURIComponent(user.id)}`,
                'data-testid': 'user-link'}, user.username)),
            h('td', {}, user.displayName || ''),
            h('td', {}, user.email || ''),
            h('td', {}, (user.roles || []).join(', ')),
            h('td', {}, statusBadges(h, t, user))))))));
    return data.nextCursor;
}
