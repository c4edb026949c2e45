// Step 1: what the file holds, its encoding, and the file itself, uploaded as it is (text/csv).

import {upload} from '../../api.js';
import {fieldErrors} from '../forms.js';
import {RECORD_TYPES} from './fields.js';

const MAX_BYTES = 200 * 1024 * 1024;

export function uploadStep(ctx, onUploaded) {
    const {h, t, uid} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'upload-error'});
    const errors = fieldErrors(h, t, general);
    const ids = {type: uid('record-type'), encoding: uid('encoding'), file: uid('file')};
    const type = h('select', {id: ids.type, name: 'recordType', 'data-testid': 'import-type'},
        RECORD_TYPES.map((value) => h('option', {value}, t(`imports.type.${value}`))));
    const encoding = h('select', {id: ids.encoding, name: 'encoding', 'data-testid': 'import-encoding'},
        h('option', {value: 'UTF-8'}, t('imports.encoding.utf8')), h('option', {value: 'GBK'}, t('imports.encoding.gbk')));
    const file = h('input', {id: ids.file, name: 'file', type: 'file', accept: '.csv,text/csv', 'data-testid': 'import-file'});
    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'import-upload'}, t('imports.upload'));
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'upload-form'},
        errors.field('recordType', h('label', {for: ids.type}, t('imports.recordType')), type),
        errors.field('encoding', h('label', {for: ids.encoding}, t('imports.encoding.label')), encoding),
        h('p', {class: 'muted hint'}, t('imports.encoding.hint')),
        errors.field('file', h('label', {for: ids.file}, t('imports.file')), file),
        general, h('div', {class: 'actions'}, submit));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const chosen = file.files && file.files[0];
        if (!chosen) {
            errors.show({errors: [{field: 'file', message: t('imports.chooseFile')}]});
            return;
        }
        if (chosen.size > MAX_BYTES) {
            errors.show({errors: [{field: 'file', message: t('imports.tooLarge')}]});
            return;
        }
        const params = new URLSearchParams({recordType: type.value, encoding: encoding.value, fileName: chosen.name});
        submit.disabled = true;
        submit.textContent = t('imports.uploading');
        try {
            const {data} = await upload(`/imports?${params}`, chosen, 'text/csv');
            onUploaded(data);
        } catch (error) {
            // the server names the line of a file it cannot read; that belongs to the file
            errors.show(error.errors.length > 0 ? error : {errors: [{field: 'file', message: error.message}]});
        } finally {
            submit.disabled = false;
            submit.textContent = t('imports.upload');
        }
    });
    return form;
}
