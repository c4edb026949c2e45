// What the customer pages share: permissions, problem texts, dates in the user's zone, user names, paging.

export const STAGES = ['PROSPECT', 'CUSTOMER', 'FORMER'];
export const KINDS = ['COMPANY', 'PERSON'];

/** Whether the signed-in user holds a permission, wildcards ('*', 'customers:*') included. */
export function can(me, permission) {
    const held = (me && me.permissions) || [];
    const area = permission.split(':')[0];
    return held.includes('*') || held.includes(permission) || held.includes(`${area}:*`);
}

/** The text of a failed call, or of a problem object as bulk outcomes carry it. */
export function problemText(t, problem) {
    if (!problem) {
        return '';
    }
    const body = problem.problem && typeof problem.problem === 'object' ? problem.problem : problem;
    const fields = Array.isArray(body.errors) && body.errors.length > 0
        ? body.errors.map((error) => `${error.field}: ${error.message}`).join('; ') : '';
    const detail = body.detail || problem.message || body.title || '';
    return fields ? `${detail ? `${detail} — ` : ''}${fields}` : detail || t('error.generic', {detail: ''});
}

/** The error paragraph every list shows when a call fails. */
export function errorLine(h, t, error) {
    return h('p', {class: 'form-error', role: 'alert'}, t('error.generic', {detail: problemText(t, error)}));
}

// User names by id. Only administrators may read the user directory (GET /admin/users needs users:read); for
// everybody else an owner shows as "me" or by id.
const names = new Map();
let directoryForbidden = false;

export async function userName(ctx, id) {
    if (!id) {
        return '';
    }
    if (ctx.me && id === ctx.me.id) {
        return ctx.me.displayName || ctx.me.username;
    }
    if (names.has(id)) {
        return names.get(id);
    }
    if (directoryForbidden || !can(ctx.me, 'users:read')) {
        return id;
    }
    const pending = ctx.api(`/admin/users/${encodeURIComponent(id)}`)
        .then(({data}) => data.displayName || data.username)
        .catch((error) => {
            if (error instanceof ctx.ApiError && error.status === 403) {
                directoryForbidden = true;
            }
            return id;
        });
    names.set(id, pending);
    return pending;
}

/** An element showing the owner: "Public pool", the user's name, filled in when known. */
export function ownerCell(ctx, ownerId) {
    const {h, t} = ctx;
    if (!ownerId) {
        return h('span', {class: 'badge pool-badge'}, t('cust.pool'));
    }
    const span = h('span', {}, ctx.me && ownerId === ctx.me.id ? t('cust.me') : ownerId);
    if (!(ctx.me && ownerId === ctx.me.id)) {
        Promise.resolve(userName(ctx, ownerId)).then((name) => {
            span.textContent = name;
        });
    }
    return span;
}

/**
 * A user picker: a text field with suggestions from the user directory when the user may read it; otherwise the
 * field takes a user id or username as typed. resolve() gives the chosen user's id (or the text as typed).
 */
export function userPicker(ctx, id, attrs = {}) {
    const {h, api} = ctx;
    const listId = `${id}-users`;
    const options = h('datalist', {id: listId});
    const byLabel = new Map();
    const input = h('input', {id, type: 'text', list: listId, autocomplete: 'off', ...attrs});
    let timer = null;
    if (can(ctx.me, 'users:read')) {
        input.addEventListener('input', () => {
            clearTimeout(timer);
            timer = setTimeout(async () => {
                const q = input.value.trim();
                if (q.length < 1) {
                    return;
                }
                try {
                    const {data} = await api(`/admin/users?${new URLSearchParams({q, limit: '10'})}`);
                    options.replaceChildren(...(data.items || []).filter((user) => user.active).map((user) => {
                        const label = `${user.displayName || user.username} (${user.username})`;
                        byLabel.set(label, user.id);
                        return h('option', {value: label});
                    }));
                } catch {
                    // suggestions are a help only; the field still takes an id
                }
            }, 250);
        });
    }
    async function resolve() {
        const text = input.value.trim();
        if (!text) {
            return '';
        }
        if (byLabel.has(text)) {
            return byLabel.get(text);
        }
        if (can(ctx.me, 'users:read')) {
            try {
                const {data} = await api(`/admin/users?${new URLSearchParams({q: text, limit: '10'})}`);
                const exact = (data.items || []).find((user) => user.username === text || user.id === text);
                if (exact) {
                    return exact.id;
                }
            } catch {
                // fall through: the server judges the id
            }
        }
        return text;
    }
    return {input, element: [input, options], resolve};
}

/**
 * Cursor paging with Previous: the API's cursors only go forward, so the cursors of the pages before the current
 * one are remembered per list (the list's query without its cursor).
 */
export function pagerState() {
    let key = null;
    let cursors = [];
    return {
        sync(listKey) {
            if (listKey !== key) {
                key = listKey;
                cursors = [];
            }
        },
        push(cursor) {
            cursors.push(cursor || '');
        },
        pop() {
            return cursors.pop() || '';
        },
    };
}

/** The hash path of a page with its query, leaving out empty values. */
export function hashLink(path, values) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) {
        if (value !== null && value !== undefined && value !== '') {
            query.set(name, value);
        }
    }
    const text = query.toString();
    return `${path}${text ? `?${text}` : ''}`;
}

/** A CSV download of rows built in the browser (the export endpoint takes filters, not a list of ids). */
export function downloadCsv(filename, header, rows) {
    const quote = (value) => {
        const text = value === null || value === undefined ? '' : String(value);
        // a leading = + - @ would make spreadsheets run the cell as a formula
        const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
        return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    const text = `\ufeff${[header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
    const url = URL.createObjectURL(new Blob([text], {type: 'text/csv;charset=utf-8'}));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}
