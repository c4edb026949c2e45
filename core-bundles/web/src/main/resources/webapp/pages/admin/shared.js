// What every admin page shares: permission checks, the tab bar, scrollable tables, paging, confirmations.

/** Mirrors the server's PermissionPattern: '*', 'customers:*', '*:read', 'sales.*:write'. */
function covers(granted, required) {
    if (granted === '*' || granted === required) {
        return true;
    }
    const [gArea, gAction] = granted.split(':');
    const [rArea, rAction] = required.split(':');
    if (gAction === undefined || rAction === undefined) {
        return false;
    }
    const part = (g, r) => g === '*' || g === r || (g.endsWith('.*') && (r === g.slice(0, -2) || r.startsWith(g.slice(0, -1))));
    return part(gArea, rArea) && part(gAction, rAction);
}

export function can(me, permission) {
    return Boolean(me && (me.permissions || []).some((granted) => covers(granted, permission)));
}

// One tab per sub-page; a tab shows when the user holds any of its permissions.
export const TABS = [
    {path: '/admin/users', id: 'users', label: 'admin.tab.users', any: ['users:read']},
    {path: '/admin/roles', id: 'roles', label: 'admin.tab.roles', any: ['roles:read']},
    {path: '/admin/teams', id: 'teams', label: 'admin.tab.teams', any: ['teams:read']},
    {path: '/admin/custom-fields', id: 'custom-fields', label: 'admin.tab.customFields', any: ['custom-fields:write']},
    {path: '/admin/modules', id: 'modules', label: 'admin.tab.modules', any: ['modules:read', 'license:read']},
    {path: '/admin/recycle-bin', id: 'recycle-bin', label: 'admin.tab.recycleBin', any: ['recycle-bin:read']},
    {path: '/admin/audit', id: 'audit', label: 'admin.tab.audit', any: ['security-events:read', 'recycle-bin:read']},
];

export function visibleTabs(me) {
    return TABS.filter((tab) => tab.any.some((permission) => can(me, permission)));
}

/**
 * Fills the page with the admin heading and tab bar; answers the element the sub-page fills, or null (after saying
 * so) when the user may not see this tab.
 */
export function adminFrame(page, ctx, tabId) {
    const {h, t, me} = ctx;
    const tabs = visibleTabs(me);
    const content = h('div', {class: 'admin-content'});
    page.classList.add('admin');
    page.append(
        h('h1', {}, t('admin.title')),
        h('nav', {class: 'admin-tabs', 'aria-label': t('admin.sections')},
            h('ul', {}, tabs.map((tab) => h('li', {}, h('a', {href: `#${tab.path}`, 'data-testid': `admin-tab-${tab.id}`,
                'aria-current': tab.id === tabId ? 'page' : null}, t(tab.label)))))),
        content);
    if (!tabs.some((tab) => tab.id === tabId)) {
        content.append(h('p', {class: 'form-error', role: 'alert'}, t('admin.forbidden')));
        return null;
    }
    return content;
}

/** A table in a container that scrolls sideways by itself, so the page never does at phone width. */
export function scroller(h, label, table) {
    return h('div', {class: 'adm-scroll', role: 'region', tabindex: '0', 'aria-label': label}, table);
}

export function errorText(t, error) {
    return t('error.generic', {detail: error && error.message ? error.message : String(error)});
}

export function errorBox(h, t, error) {
    return h('p', {class: 'form-error', role: 'alert', 'data-testid': 'admin-error'}, errorText(t, error));
}

/** Tells screen readers (and tests) what just happened. */
export function announce(element, text) {
    element.textContent = text;
    element.hidden = !text;
}

/** A merge patch guarded by the version the page read. */
export function patch(api, path, version, body) {
    return api(path, {method: 'PATCH', body, headers: {'Content-Type': 'application/merge-patch+json',
        'If-Match': typeof version === 'number' ? `"${version}"` : (version || '*')}});
}

/**
 * Cursor paging for a results area: load(cursor) renders a page and answers its nextCursor. Cursors only go
 * forward, so the ones already used are kept for "Previous".
 */
export function pager(ctx, load) {
    const {h, t} = ctx;
    const used = [];
    let current = null;
    const bar = h('nav', {class: 'pager', 'aria-label': t('common.pages')});
    async function go(cursor) {
        current = cursor;
        bar.replaceChildren();
        const next = await load(cursor);
        if (used.length > 0) {
            bar.append(h('button', {type: 'button', class: 'secondary', onClick: () => go(used.pop())},
                t('common.previous')));
        }
        if (next) {
            bar.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'next-page', onClick: () => {
                used.push(current);
                go(next);
            }}, t('common.next')));
        }
    }
    return {bar, first: () => { used.length = 0; return go(null); }, reload: () => go(current)};
}

/** A modal question; resolves true when confirmed. Focus goes to Cancel first and back where it was after. */
export function confirmDialog(ctx, message, confirmLabel) {
    const {h, t} = ctx;
    const returnTo = document.activeElement;
    return new Promise((resolve) => {
        const titleId = ctx.uid('confirm');
        const dialog = h('dialog', {class: 'admin-dialog', 'aria-labelledby': titleId, 'data-testid': 'confirm-dialog'});
        const close = (answer) => {
            dialog.close();
            dialog.remove();
            returnTo?.focus?.();
            resolve(answer);
        };
        const cancel = h('button', {type: 'button', class: 'secondary', 'data-testid': 'confirm-cancel',
            onClick: () => close(false)}, t('admin.cancel'));
        dialog.append(h('p', {id: titleId}, message), h('div', {class: 'adm-actions'}, cancel,
            h('button', {type: 'button', class: 'adm-danger', 'data-testid': 'confirm-ok', onClick: () => close(true)},
                confirmLabel)));
        dialog.addEventListener('cancel', (event) => {
            event.preventDefault();
            close(false);
        });
        document.body.append(dialog);
        dialog.showModal();
        cancel.focus();
    });
}

/** A strong password that meets the policy (length, kinds), made in the browser and shown once. */
export function generatePassword() {
    const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const bytes = new Uint32Array(14);
    crypto.getRandomValues(bytes);
    const body = Array.from(bytes, (value) => alphabet[value % alphabet.length]).join('');
    return `${body.slice(0, 7)}-${body.slice(7)}7a`;
}

/** Record types that have a recycle bin, custom fields and history in core; plugins add their own. */
export const RECORD_TYPES = ['customer', 'contact', 'lead'];

/** Label for a record type: core ones translated, a plugin's shown as it is. */
export function recordTypeLabel(t, type) {
    return RECORD_TYPES.includes(type) ? t(`admin.recordType.${type}`) : type;
}

/** A select of record types, with an "all" entry when allLabel is given. */
export function recordTypeSelect(ctx, {id, value, extra = [], allLabel, testid}) {
    const {h, t} = ctx;
    const types = [...new Set([...RECORD_TYPES, ...extra, ...(value ? [value] : [])])];
    return h('select', {id, name: 'recordType', 'data-testid': testid},
        allLabel ? h('option', {value: '', selected: !value}, allLabel) : null,
        types.map((type) => h('option', {value: type, selected: type === value}, recordTypeLabel(t, type))));
}

/**
 * Searches users as one types and lets one pick them: onPick(user). The list shows at most 8 matches.
 */
export function userSearch(ctx, {label, onPick, testid = 'user-search', exclude = () => false}) {
    const {h, t, uid, api} = ctx;
    const id = uid('user-search');
    const input = h('input', {id, type: 'search', autocomplete: 'off', 'data-testid': testid,
        placeholder: t('admin.users.searchPlaceholder')});
    const results = h('ul', {class: 'adm-picker-results', 'aria-live': 'polite'});
    let timer = null;
    let asked = 0;
    async function search() {
        const q = input.value.trim();
        const ticket = ++asked;
        if (!q) {
            results.replaceChildren();
            return;
        }
        try {
            const {data} = await api(`/admin/users?${new URLSearchParams({q, limit: '8'})}`);
            if (ticket !== asked) {
                return;
            }
            const users = (data.items || []).filter((user) => !exclude(user));
            results.replaceChildren(...(users.length === 0 ? [h('li', {class: 'muted'}, t('admin.users.noMatch', {q}))]
                : users.map((user) => h('li', {}, h('button', {type: 'button', class: 'adm-link',
                    'data-testid': `pick-${user.username}`, onClick: () => {
                        onPick(user);
                        input.value = '';
                        results.replaceChildren();
                        input.focus();
                    }}, `${user.displayName} (${user.username})`)))));
        } catch (error) {
            results.replaceChildren(h('li', {class: 'form-error'}, errorText(t, error)));
        }
    }
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(search, 250);
    });
    input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
            event.preventDefault();
            clearTimeout(timer);
            search();
        }
    });
    return {element: h('div', {class: 'adm-picker'}, h('label', {for: id}, label), input, results), input};
}

/** A user's name for lists, loaded by id (with a cache per page). */
export function userNames(api) {
    const cache = new Map();
    return (id) => {
        if (!id) {
            return Promise.resolve(null);
        }
        if (!cache.has(id)) {
            cache.set(id, api(`/admin/users/${encodeURIComponent(id)}`).then(({data}) => data).catch(() => null));
        }
        return cache.get(id);
    };
}
