// Step 2: each column of the file and the field it goes into (the server's suggestion preselected), what to do
// with duplicates, then a dry run or the real import.

import {fieldErrors} from '../forms.js';
import {targetFields} from './fields.js';

export const DUPLICATE_MODES = ['skip', 'update', 'create'];

export async function mappingStep(ctx, view, onStart) {
    const {h, t, uid, formatNumber} = ctx;
    const fields = await targetFields(ctx, view.recordType);
    const given = view.mapping && Object.keys(view.mapping).length > 0 ? view.mapping : view.suggestedMapping || {};
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const selects = new Map();
    const rows = (view.headers || []).map((header, index) => {
        const id = uid('column');
        const current = given[header] || '';
        const select = h('select', {id, 'data-testid': 'mapping-select', 'data-header': header},
            h('option', {value: ''}, t('imports.mapping.skip')),
            fields.map((field) => h('option', {value: field.value, selected: field.value === current}, field.label)));
        if (current && !fields.some((field) => field.value === current)) {
            select.append(h('option', {value: current, selected: true}, current));
        }
        selects.set(header, select);
        const suggested = (view.suggestedMapping || {})[header];
        const cell = errors.field(`mapping.${header}`, h('label', {for: id, class: 'visually-hidden'},
            t('imports.mapping.fieldFor', {header})), select);
        return h('tr', {'data-testid': 'mapping-row'},
            h('th', {scope: 'row'}, header || t('imports.mapping.noHeader', {column: index + 1})),
            h('td', {}, cell),
            h('td', {class: 'wide muted'}, suggested ? t('imports.mapping.suggested') : ''));
    });
    const dupId = uid('duplicates');
    const duplicates = h('select', {id: dupId, name: 'duplicates', 'data-testid': 'import-duplicates'},
        DUPLICATE_MODES.map((mode) => h('option', {value: mode,
            selected: (view.duplicates || 'SKIP').toLowerCase() === mode}, t(`imports.duplicates.${mode}`))));
    const dryButton = h('button', {type: 'submit', class: 'primary', 'data-testid': 'import-dry-run', value: 'dry'},
        t('imports.dryRun'));
    const realButton = h('button', {type: 'submit', class: 'secondary', 'data-testid': 'import-run', value: 'real'},
        t('imports.runNow'));
    const form = h('form', {class: 'mapping', novalidate: true, 'data-testid': 'mapping-form'},
        h('p', {class: 'muted'}, t('imports.mapping.intro', {file: view.fileName || '', rows: formatNumber(view.rowsSampled)})),
        h('div', {class: 'table-scroll'}, h('table', {class: 'list', 'data-testid': 'mapping-table'},
            h('caption', {class: 'visually-hidden'}, t('imports.mapping.title')),
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, t('imports.mapping.column')),
                h('th', {scope: 'col'}, t('imports.mapping.field')),
                h('th', {scope: 'col', class: 'wide'}, h('span', {class: 'visually-hidden'}, t('imports.mapping.suggested'))))),
            h('tbody', {}, rows))),
        errors.field('duplicates', h('label', {for: dupId}, t('imports.duplicates.label')), duplicates, ['mapping']),
        general, h('div', {class: 'actions'}, dryButton, realButton));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const mapping = {};
        for (const [header, select] of selects) {
            mapping[header] = select.value;
        }
        const dryRun = event.submitter ? event.submitter.value === 'dry' : true;
        dryButton.disabled = true;
        realButton.disabled = true;
        try {
            await onStart({mapping, dryRun, duplicates: duplicates.value});
        } catch (error) {
            errors.show(error);
        } finally {
            dryButton.disabled = false;
            realButton.disabled = false;
        }
    });
    return form;
}
