// Roles: the built-in ones to read (and copy), custom ones to create, change and delete.

import {fieldErrors} from '../forms.js';
import {adminFrame, announce, can, confirmDialog, errorBox, patch, scroller} from './shared.js';

const SCOPES = ['NONE', 'OWN', 'TEAM', 'SUBORDINATES', 'SUBSIDIARY', 'PARTNER', 'ALL'];

export async function renderRoles(page, ctx) {
    const {h, t} = ctx;
    const content = adminFrame(page, ctx, 'roles');
    if (!content) {
        return;
    }
    const editor = h('div', {});
    const status = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'roles-notice'});
    const list = h('div', {'aria-live': 'polite'});
    const writable = can(ctx.me, 'roles:write');
    const state = {permissions: null};
    const open = (role, copy) => {
        editor.replaceChildren(roleForm(ctx, state.permissions, role, copy, async (message) => {
            editor.replaceChildren();
            announce(status, message);
            await load();
        }, () => editor.replaceChildren()));
        editor.querySelector('input, textarea').focus();
    };
    async function load() {
        list.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        let roles;
        try {
            const [rolesAnswer, permissionsAnswer] = await Promise.all([ctx.api('/admin/roles'),
                state.permissions ? null : ctx.api('/admin/permissions')]);
            roles = rolesAnswer.data.items || [];
            state.permissions = state.permissions || permissionsAnswer.data.items || [];
        } catch (error) {
            list.replaceChildren(errorBox(h, t, error));
            return;
        }
        list.replaceChildren(scroller(h, t('admin.roles.title'), h('table', {class: 'list', 'data-testid': 'roles'},
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, t('admin.roles.name')),
                h('th', {scope: 'col'}, t('admin.roles.description')),
                h('th', {scope: 'col'}, t('admin.roles.permissions')),
                h('th', {scope: 'col'}, t('admin.roles.scopes')),
                h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, t('admin.actions'))))),
            h('tbody', {}, roles.map((role) => h('tr', {'data-role': role.name},
                h('th', {scope: 'row'}, role.name, role.builtIn ? h('span', {class: 'badge'}, t('admin.roles.builtIn')) : null),
                h('td', {}, role.description || ''),
                h('td', {class: 'adm-codes'}, (role.permissions || []).join(', ')),
                h('td', {class: 'adm-codes'}, Object.entries(role.scopes || {}).map(([type, scope]) =>
                    `${type === '*' ? t('admin.roles.everyType') : type}: ${t(`admin.scope.${scope}`)}`).join('; ')),
                h('td', {class: 'adm-row-actions'}, !writable ? null : role.builtIn
                    ? h('button', {type: 'button', class: 'adm-link', onClick: () => open(role, true)}, t('admin.roles.copy'))
                    : [h('button', {type: 'button', class: 'adm-link', 'data-testid': 'edit-role',
                        onClick: () => open(role, false)}, t('admin.edit')),
                    h('button', {type: 'button', class: 'adm-link adm-danger', 'data-testid': 'delete-role', onClick: async () => {
                        if (!await confirmDialog(ctx, t('admin.roles.deleteConfirm', {name: role.name}), t('admin.delete'))) {
                            return;
                        }
                        try {
                            await ctx.api(`/admin/roles/${encodeURIComponent(role.id)}`, {method: 'DELETE'});
                            announce(status, t('admin.roles.deleted', {name: role.name}));
                            await load();
                        } catch (error) {
                            status.hidden = true;
                            list.prepend(errorBox(h, t, error));
                        }
                    }}, t('admin.delete'))])))))));
    }
    const head = h('div', {class: 'page-head'}, h('h2', {}, t('admin.roles.title')));
    if (writable) {
        head.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'new-role',
            onClick: () => open(null, false)}, t('admin.roles.new')));
    }
    content.append(head, status, editor, list);
    await load();
}

/** The editor: permissions grouped by the module that declares them, and a data scope per record type. */
function roleForm(ctx, permissions, role, copy, onSaved, onCancel) {
    const {h, t, uid, api} = ctx;
    const creating = !role || copy;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const nameId = uid('name');
    const name = h('input', {id: nameId, name: 'name', value: role && !copy ? role.name : '', readonly: !creating,
        autocomplete: 'off'});
    const descriptionId = uid('description');
    const description = h('textarea', {id: descriptionId, name: 'description', rows: '2'}, role ? role.description || '' : '');
    const granted = new Set(role ? role.permissions : []);
    const boxes = [];
    const byModule = new Map();
    for (const permission of permissions) {
        if (!byModule.has(permission.module)) {
            byModule.set(permission.module, []);
        }
        byModule.get(permission.module).push(permission);
    }
    const box = (value, text) => {
        const id = uid('permission');
        const input = h('input', {id, type: 'checkbox', value, checked: granted.has(value), 'data-permission': value});
        boxes.push(input);
        return h('div', {class: 'adm-check'}, input, h('label', {for: id}, h('code', {}, value), text ? ` — ${text}` : ''));
    };
    // patterns such as customers:* are not in any module's list; they stay choosable
    const declared = new Set(permissions.map((permission) => permission.id));
    const patterns = [...granted].filter((value) => !declared.has(value));
    const patternId = uid('pattern');
    const patternInput = h('input', {id: patternId, placeholder: 'customers:*', autocomplete: 'off'});
    const patternGroup = h('div', {}, patterns.map((value) => box(value, null)));
    const picker = h('div', {id: uid('permissions'), class: 'adm-permission-picker', 'data-testid': 'permission-picker'},
        [...byModule.entries()].map(([module, list]) => h('fieldset', {class: 'adm-checks'}, h('legend', {}, module),
            list.map((permission) => box(permission.id, permission.description)))),
        h('fieldset', {class: 'adm-checks'}, h('legend', {}, t('admin.roles.patterns')), patternGroup,
            h('label', {for: patternId}, t('admin.roles.addPattern')),
            h('div', {class: 'adm-inline'}, patternInput, h('button', {type: 'button', class: 'secondary', onClick: () => {
                const value = patternInput.value.trim();
                if (value && !boxes.some((input) => input.value === value)) {
                    granted.add(value);
                    patternGroup.append(box(value, null));
                }
                patternInput.value = '';
            }}, t('admin.add')))));

    const scopeRows = h('tbody', {});
    const addScope = (type, scope) => {
        const typeId = uid('type');
        const scopeId = uid('scope');
        const row = h('tr', {},
            h('td', {}, h('label', {for: typeId, class: 'visually-hidden'}, t('admin.roles.recordType')),
                h('input', {id: typeId, value: type, placeholder: '*', 'data-scope-type': ''})),
            h('td', {}, h('label', {for: scopeId, class: 'visually-hidden'}, t('admin.roles.scope')),
                h('select', {id: scopeId, 'data-scope-kind': ''}, SCOPES.map((kind) =>
                    h('option', {value: kind, selected: kind === scope}, t(`admin.scope.${kind}`))))),
            h('td', {}, h('button', {type: 'button', class: 'adm-link', onClick: () => row.remove()}, t('admin.remove'))));
        scopeRows.append(row);
    };
    Object.entries(role ? role.scopes || {} : {'*': 'OWN'}).forEach(([type, scope]) => addScope(type, scope));
    const scopes = h('div', {id: uid('scopes')},
        scroller(h, t('admin.roles.scopes'), h('table', {class: 'list adm-compact'},
            h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('admin.roles.recordType')),
                h('th', {scope: 'col'}, t('admin.roles.scope')), h('th', {scope: 'col'}, ''))), scopeRows)),
        h('p', {class: 'muted adm-hint'}, t('admin.roles.scopeHint')),
        h('button', {type: 'button', class: 'secondary', onClick: () => addScope('', 'OWN')}, t('admin.roles.addScope')));

    const form = h('form', {class: 'card-form admin-form adm-wide-form', novalidate: true, 'data-testid': 'role-form'},
        h('h3', {}, creating ? t('admin.roles.new') : t('admin.roles.editing', {name: role.name})),
        errors.field('name', h('label', {for: nameId}, t('admin.roles.name')), name),
        errors.field('description', h('label', {for: descriptionId}, t('admin.roles.description')), description),
        errors.field('permissions', h('p', {class: 'adm-label'}, t('admin.roles.permissions')), picker),
        errors.field('scopes', h('p', {class: 'adm-label'}, t('admin.roles.scopes')), scopes),
        general,
        h('div', {class: 'adm-actions'}, h('button', {type: 'submit', class: 'primary', 'data-testid': 'save-role'}, t('admin.save')),
            h('button', {type: 'button', class: 'secondary', onClick: onCancel}, t('admin.cancel'))));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const body = {
            name: name.value.trim(),
            description: description.value.trim() || null,
            permissions: boxes.filter((input) => input.checked).map((input) => input.value),
            scopes: Object.fromEntries([...scopeRows.rows].map((row) => [
                row.querySelector('[data-scope-type]').value.trim() || '*', row.querySelector('[data-scope-kind]').value])),
        };
        try {
            if (creating) {
                await api('/admin/roles', {method: 'POST', body});
            } else {
                // a merge patch merges objects: a record type taken out must be sent as null
                Object.keys(role.scopes || {}).filter((type) => !(type in body.scopes))
                    .forEach((type) => { body.scopes[type] = null; });
                await patch(api, `/admin/roles/${encodeURIComponent(role.id)}`, role.version, body);
            }
            await onSaved(t('admin.roles.saved', {name: body.name}));
        } catch (error) {
            if (error.status === 409 && error.errors.length === 0) {
                errors.show({errors: [{field: 'name', message: error.message}]});
            } else {
                errors.show(error);
            }
        }
    });
    return form;
}
