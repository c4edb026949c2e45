// Custom fields of one record type: list (deleted ones too), create, change, delete and restore.

import {adminFrame, announce, confirmDialog, errorBox, patch, recordTypeLabel, recordTypeSelect, scroller} from './shared.js';
import {fieldForm} from './field-form.js';

export async function renderCustomFields(page, ctx, params, query) {
    const {h, t, uid, api, navigate} = ctx;
    const content = adminFrame(page, ctx, 'custom-fields');
    if (!content) {
        return;
    }
    const recordType = query.get('type') || 'customer';
    // plugins' record types show up once they have a field
    let known = [];
    try {
        known = [...new Set(((await api('/custom-fields?includeInactive=true')).data.items || []).map((f) => f.recordType))];
    } catch {
        known = [];
    }
    const typeId = uid('type');
    const typeSelect = recordTypeSelect(ctx, {id: typeId, value: recordType, extra: known, testid: 'field-record-type'});
    typeSelect.addEventListener('change', () => navigate(`/admin/custom-fields?${new URLSearchParams({type: typeSelect.value})}`));
    const otherId = uid('other');
    const other = h('input', {id: otherId, placeholder: 'hello.greeting', autocomplete: 'off'});
    const status = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'fields-notice'});
    const editor = h('div', {});
    const list = h('div', {'aria-live': 'polite'});
    const openForm = (field) => {
        editor.replaceChildren(fieldForm(ctx, recordType, field, async (message) => {
            editor.replaceChildren();
            announce(status, message);
            await load();
        }, () => editor.replaceChildren()));
        editor.querySelector('input:not([readonly]), select').focus();
    };

    async function load() {
        list.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        let fields;
        try {
            fields = (await api(`/custom-fields?${new URLSearchParams({recordType, includeInactive: 'true'})}`)).data.items || [];
        } catch (error) {
            list.replaceChildren(errorBox(h, t, error));
            return;
        }
        if (fields.length === 0) {
            list.replaceChildren(h('p', {class: 'empty', 'data-testid': 'no-fields'},
                t('admin.fields.none', {type: recordTypeLabel(t, recordType)})));
            return;
        }
        const label = (labels) => (labels && (labels[ctx.language] || labels.en)) || '';
        list.replaceChildren(scroller(h, t('admin.fields.title'), h('table', {class: 'list', 'data-testid': 'fields'},
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, t('admin.fields.key')),
                h('th', {scope: 'col'}, t('admin.fields.label')),
                h('th', {scope: 'col'}, t('admin.fields.type')),
                h('th', {scope: 'col'}, t('admin.fields.required')),
                h('th', {scope: 'col'}, t('admin.fields.position')),
                h('th', {scope: 'col'}, t('admin.fields.module')),
                h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, t('admin.actions'))))),
            h('tbody', {}, fields.map((field) => h('tr', {'data-field': field.key, class: field.active ? null : 'adm-inactive'},
                h('th', {scope: 'row'}, h('code', {}, field.key),
                    field.active ? null : h('span', {class: 'badge adm-off'}, t('admin.fields.deleted'))),
                h('td', {}, label(field.labels)),
                h('td', {}, t(`admin.fieldType.${field.type}`),
                    field.options.length ? h('span', {class: 'muted'}, ` (${field.options.map((o) => label(o.labels)).join(', ')})`) : null),
                h('td', {}, field.required ? t('admin.yes') : t('admin.no')),
                h('td', {}, ctx.formatNumber(field.position)),
                h('td', {}, field.module || '—'),
                h('td', {class: 'adm-row-actions'},
                    h('button', {type: 'button', class: 'adm-link', 'data-testid': 'edit-field', onClick: () => openForm(field)},
                        t('admin.edit')),
                    field.active
                        ? h('button', {type: 'button', class: 'adm-link adm-danger', 'data-testid': 'delete-field', onClick: async () => {
                            if (await confirmDialog(ctx, t('admin.fields.deleteConfirm', {key: field.key}), t('admin.delete'))) {
                                await act(() => api(`/custom-fields/${encodeURIComponent(field.id)}`, {method: 'DELETE'}),
                                    t('admin.fields.deletedNotice', {key: field.key}));
                            }
                        }}, t('admin.delete'))
                        : h('button', {type: 'button', class: 'adm-link', 'data-testid': 'restore-field', onClick: () =>
                            act(() => patch(api, `/custom-fields/${encodeURIComponent(field.id)}`, field.version, {active: true}),
                                t('admin.fields.restored', {key: field.key}))}, t('admin.fields.restore')))))))));
    }

    async function act(call, message) {
        try {
            await call();
            announce(status, message);
        } catch (error) {
            announce(status, '');
            list.prepend(errorBox(h, t, error));
            return;
        }
        await load();
    }

    content.append(
        h('div', {class: 'page-head'}, h('h2', {}, t('admin.fields.title')),
            h('button', {type: 'button', class: 'secondary', 'data-testid': 'new-field', onClick: () => openForm(null)},
                t('admin.fields.new'))),
        h('div', {class: 'adm-filters'},
            h('div', {class: 'field'}, h('label', {for: typeId}, t('admin.fields.recordType')), typeSelect),
            h('form', {class: 'adm-inline-form', onSubmit: (event) => {
                event.preventDefault();
                if (other.value.trim()) {
                    navigate(`/admin/custom-fields?${new URLSearchParams({type: other.value.trim()})}`);
                }
            }}, h('label', {for: otherId}, t('admin.fields.otherType')),
            h('div', {class: 'adm-inline'}, other, h('button', {type: 'submit', class: 'secondary'}, t('admin.show'))))),
        status, editor, list);
    await load();
}
