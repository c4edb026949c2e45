// The columns of the customer list and the chooser that picks them; the choice is a UI preference kept in
// localStorage (nothing secret).

import {ownerCell} from './shared.js';

const STORAGE_KEY = 'relata.customers.columns';

/** Every optional column: its key, label key, sort parameter (if the API can sort by it) and cell. */
export function columnSpecs(ctx) {
    const {t, formatDate, formatDateTime} = ctx;
    return [
        {key: 'stage', label: 'customer.stage', cell: (c) => (c.stage ? t(`stage.${c.stage}`) : '')},
        {key: 'kind', label: 'customer.kind', cell: (c) => (c.kind ? t(`kind.${c.kind}`) : '')},
        {key: 'owner', label: 'cust.owner', cell: (c) => ownerCell(ctx, c.ownerId)},
        {key: 'phone', label: 'customer.phone', cell: (c) => c.phone || ''},
        {key: 'email', label: 'customer.email', cell: (c) => c.email || ''},
        {key: 'industry', label: 'customer.industry', cell: (c) => c.industry || ''},
        {key: 'tags', label: 'customer.tags', cell: (c) => (c.tags || []).join(', ')},
        {key: 'city', label: 'cust.city', cell: (c) => (c.address && c.address.city) || ''},
        {key: 'createdAt', label: 'customer.createdAt', sort: 'createdAt', cell: (c) => formatDate(c.createdAt)},
        {key: 'updatedAt', label: 'cust.updatedAt', sort: 'updatedAt', cell: (c) => formatDateTime(c.updatedAt)},
    ];
}

export const DEFAULT_COLUMNS = ['stage', 'owner', 'phone', 'email', 'updatedAt'];

export function chosenColumns() {
    try {
        const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
        return Array.isArray(stored) ? stored : DEFAULT_COLUMNS;
    } catch {
        return DEFAULT_COLUMNS;
    }
}

function keep(columns) {
    try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(columns));
    } catch {
        // private mode: the choice lasts for this page only
    }
}

/**
 * A "Columns" button opening a group of checkboxes (plain form controls: Tab and Space work); onChange gets the
 * new list of keys, in the order of the specs.
 */
export function columnChooser(ctx, specs, chosen, onChange) {
    const {h, t, uid} = ctx;
    const panelId = uid('columns');
    const panel = h('fieldset', {id: panelId, class: 'column-chooser', hidden: true, 'data-testid': 'column-chooser'},
        h('legend', {}, t('cust.columnsLegend')),
        specs.map((spec) => {
            const id = uid(`col-${spec.key}`);
            return h('div', {class: 'cu-check'},
                h('input', {id, type: 'checkbox', value: spec.key, checked: chosen.includes(spec.key),
                    'data-column': spec.key, onChange: () => {
                        const next = [...panel.querySelectorAll('input[type=checkbox]')]
                            .filter((box) => box.checked).map((box) => box.value);
                        keep(next);
                        onChange(next);
                    }}),
                h('label', {for: id}, t(spec.label)));
        }),
        h('button', {type: 'button', class: 'secondary', onClick: () => {
            keep(DEFAULT_COLUMNS);
            panel.querySelectorAll('input[type=checkbox]').forEach((box) => {
                box.checked = DEFAULT_COLUMNS.includes(box.value);
            });
            onChange(DEFAULT_COLUMNS);
        }}, t('cust.columnsReset')));
    const button = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': panelId,
        'data-testid': 'columns-button', onClick: () => {
            const open = button.getAttribute('aria-expanded') !== 'true';
            button.setAttribute('aria-expanded', String(open));
            panel.hidden = !open;
            if (open) {
                panel.querySelector('input').focus();
            }
        }}, t('cust.columns'));
    panel.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') {
            button.click();
            button.focus();
        }
    });
    return {button, panel};
}
