// The custom field form. Record type, key, type and reference type are fixed once a field exists; options can be
// added, relabelled and retired but never removed (records may hold them).

import {fieldErrors} from '../forms.js';
import {patch, recordTypeLabel} from './shared.js';

const TYPES = ['TEXT', 'LONG_TEXT', 'INTEGER', 'DECIMAL', 'DATE', 'BOOLEAN', 'PICKLIST', 'MULTI_PICKLIST', 'REFERENCE'];

export function fieldForm(ctx, recordType, field, onSaved, onCancel) {
    const {h, t, uid, api} = ctx;
    const creating = !field;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'field-form-error'});
    const errors = fieldErrors(h, t, general);
    const form = h('form', {class: 'card-form admin-form adm-wide-form', novalidate: true, 'data-testid': 'field-form'},
        h('h3', {}, creating ? t('admin.fields.newFor', {type: recordTypeLabel(t, recordType)})
            : t('admin.fields.editing', {key: field.key})));
    const inputs = {};
    const add = (name, label, input, aliases) => {
        inputs[name] = input;
        form.append(errors.field(name, h('label', {for: input.id}, label), input, aliases));
        return input;
    };
    const text = (name, value, attrs = {}) => h('input', {id: uid('f'), name, value: value ?? '', autocomplete: 'off', ...attrs});

    add('key', t('admin.fields.key'), text('key', field?.key, {readonly: !creating, 'data-testid': 'field-key'}));
    add('labels.en', t('admin.fields.labelEn'), text('labelEn', field?.labels?.en, {lang: 'en'}), ['labels']);
    add('labels.zh-CN', t('admin.fields.labelZh'), text('labelZh', field?.labels?.['zh-CN'], {lang: 'zh-CN'}));
    const type = add('type', t('admin.fields.type'), h('select', {id: uid('f'), name: 'type', disabled: !creating,
        'data-testid': 'field-type'}, TYPES.map((value) => h('option', {value, selected: field?.type === value},
        t(`admin.fieldType.${value}`)))));

    const requiredId = uid('required');
    const required = h('input', {id: requiredId, type: 'checkbox', name: 'required', checked: Boolean(field?.required)});
    inputs.required = required;
    form.append(errors.field('required', h('span', {}), h('div', {class: 'adm-check', id: uid('r')}, required,
        h('label', {for: requiredId}, t('admin.fields.requiredLabel')))));

    // members that only some types have
    const sections = {
        maxLength: h('div', {}, add('maxLength', t('admin.fields.maxLength'),
            text('maxLength', field?.maxLength, {type: 'number', min: '1', inputmode: 'numeric'})).parentElement),
        range: h('div', {class: 'adm-pair'},
            add('min', t('admin.fields.min'), text('min', field?.min, {inputmode: 'decimal'})).parentElement,
            add('max', t('admin.fields.max'), text('max', field?.max, {inputmode: 'decimal'})).parentElement),
        referenceType: h('div', {}, add('referenceType', t('admin.fields.referenceType'),
            text('referenceType', field?.referenceType, {readonly: !creating, placeholder: 'contact'})).parentElement),
    };
    const optionRows = h('tbody', {});
    const addOption = (option, existing) => {
        const cell = (name, value, label, attrs = {}) => {
            const id = uid('o');
            return h('td', {}, h('label', {for: id, class: 'visually-hidden'}, label),
                h('input', {id, value: value ?? '', 'data-option': name, autocomplete: 'off', ...attrs}));
        };
        const activeId = uid('o');
        const row = h('tr', {},
            cell('key', option?.key, t('admin.fields.optionKey'), {readonly: existing}),
            cell('en', option?.labels?.en, t('admin.fields.labelEn'), {lang: 'en'}),
            cell('zh-CN', option?.labels?.['zh-CN'], t('admin.fields.labelZh'), {lang: 'zh-CN'}),
            h('td', {}, h('input', {id: activeId, type: 'checkbox', 'data-option': 'active', checked: option ? option.active : true}),
                h('label', {for: activeId, class: 'adm-inline-label'}, t('admin.fields.optionActive'))),
            h('td', {}, existing ? null : h('button', {type: 'button', class: 'adm-link', onClick: () => row.remove()},
                t('admin.remove'))));
        optionRows.append(row);
    };
    (field?.options || []).forEach((option) => addOption(option, true));
    if (creating) {
        addOption(null, false);
    }
    const optionsBox = h('div', {id: uid('options'), 'data-testid': 'field-options'},
        h('div', {class: 'adm-scroll'}, h('table', {class: 'list adm-compact'},
            h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('admin.fields.optionKey')),
                h('th', {scope: 'col'}, t('admin.fields.labelEn')), h('th', {scope: 'col'}, t('admin.fields.labelZh')),
                h('th', {scope: 'col'}, t('admin.fields.optionActive')), h('th', {scope: 'col'}, ''))), optionRows)),
        h('button', {type: 'button', class: 'secondary', 'data-testid': 'add-option', onClick: () => addOption(null, false)},
            t('admin.fields.addOption')));
    sections.options = errors.field('options', h('p', {class: 'adm-label'}, t('admin.fields.options')), optionsBox);
    Object.values(sections).forEach((section) => form.append(section));
    add('position', t('admin.fields.position'), text('position', field?.position, {type: 'number', min: '0', inputmode: 'numeric'}));

    const showSections = () => {
        const value = type.value;
        sections.maxLength.hidden = !['TEXT', 'LONG_TEXT'].includes(value);
        sections.range.hidden = !['INTEGER', 'DECIMAL'].includes(value);
        sections.referenceType.hidden = value !== 'REFERENCE';
        sections.options.hidden = !['PICKLIST', 'MULTI_PICKLIST'].includes(value);
    };
    type.addEventListener('change', showSections);
    showSections();

    form.append(general, h('div', {class: 'adm-actions'},
        h('button', {type: 'submit', class: 'primary', 'data-testid': 'save-field'}, t('admin.save')),
        h('button', {type: 'button', class: 'secondary', onClick: onCancel}, t('admin.cancel'))));

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const value = (name) => inputs[name].value.trim();
        const number = (name) => (value(name) === '' ? null : Number(value(name)));
        const kind = type.value;
        const body = {
            labels: {en: value('labels.en') || null, 'zh-CN': value('labels.zh-CN') || null},
            required: required.checked,
            position: number('position'),
            maxLength: ['TEXT', 'LONG_TEXT'].includes(kind) ? number('maxLength') : null,
            min: ['INTEGER', 'DECIMAL'].includes(kind) ? number('min') : null,
            max: ['INTEGER', 'DECIMAL'].includes(kind) ? number('max') : null,
        };
        if (['PICKLIST', 'MULTI_PICKLIST'].includes(kind)) {
            body.options = [...optionRows.rows].map((row) => {
                const cell = (name) => row.querySelector(`[data-option="${name}"]`);
                const labels = {en: cell('en').value.trim()};
                if (cell('zh-CN').value.trim()) {
                    labels['zh-CN'] = cell('zh-CN').value.trim();
                }
                return {key: cell('key').value.trim(), active: cell('active').checked, labels};
            }).filter((option) => option.key || option.labels.en);
        }
        try {
            if (creating) {
                Object.assign(body, {recordType, key: value('key'), type: kind,
                    referenceType: kind === 'REFERENCE' ? value('referenceType') || null : null});
                if (body.position === null) {
                    delete body.position; // the server puts it after the others
                }
                if (!body.labels['zh-CN']) {
                    delete body.labels['zh-CN'];
                }
                await api('/custom-fields', {method: 'POST', body});
                await onSaved(t('admin.fields.created', {key: body.key}));
            } else {
                await patch(api, `/custom-fields/${encodeURIComponent(field.id)}`, field.version, body);
                await onSaved(t('admin.fields.saved', {key: field.key}));
            }
        } catch (error) {
            errors.show(error);
        }
    });
    return form;
}
