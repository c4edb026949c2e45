// Bulk actions on the selected customers: assign, add or remove a tag, release to the pool (POST
// /customers/bulk, one outcome per customer), and a CSV of the selection.

import {fieldErrors} from '../forms.js';
import {can, downloadCsv, problemText, userPicker} from './shared.js';

/**
 * The bar above the list. selection() gives the selected customers (objects as listed); done() reloads the list
 * after a change; columns() gives the chosen column specs for the CSV of the selection.
 */
export function bulkBar(ctx, {selection, done, columns}) {
    const {h, t} = ctx;
    const count = h('span', {class: 'bulk-count', 'data-testid': 'bulk-count', 'aria-live': 'polite'});
    const area = h('div', {class: 'bulk-form'});
    const result = h('div', {class: 'bulk-result', 'data-testid': 'bulk-result', 'aria-live': 'polite'});
    const buttons = [];
    let opener = null;

    function action(name, label, form) {
        const button = h('button', {type: 'button', class: 'secondary', 'data-testid': `bulk-${name}`,
            'aria-expanded': 'false', onClick: () => {
                const open = button.getAttribute('aria-expanded') !== 'true';
                buttons.forEach((other) => other.setAttribute('aria-expanded', 'false'));
                button.setAttribute('aria-expanded', String(open));
                area.replaceChildren(open ? form(close) : '');
                opener = open ? button : null;
                if (open) {
                    area.querySelector('input, select, textarea')?.focus();
                }
            }}, label);
        buttons.push(button);
        return button;
    }

    function close() {
        area.replaceChildren();
        buttons.forEach((button) => button.setAttribute('aria-expanded', 'false'));
        opener?.focus();
        opener = null;
    }

    async function run(body, errors) {
        const chosen = selection();
        const names = new Map(chosen.map((customer) => [customer.id, customer.name]));
        try {
            const {data} = await ctx.api('/customers/bulk', {method: 'POST', body: {...body, ids: [...names.keys()]}});
            close();
            showResult(data, names);
            await done();
        } catch (error) {
            errors.show(error);
        }
    }

    function showResult(data, names) {
        const failed = (data.items || []).filter((item) => item.status !== 'ok');
        result.replaceChildren(
            h('p', {class: failed.length ? 'form-error' : 'notice', role: 'status'},
                t('cust.bulkOutcome', {done: data.done, failed: data.failed})),
            failed.length ? h('ul', {class: 'bulk-failures'}, failed.map((item) => h('li', {'data-id': item.id},
                h('strong', {}, names.get(item.id) || item.id), ': ', problemText(t, item.problem)))) : '',
            h('button', {type: 'button', class: 'secondary', onClick: () => result.replaceChildren()},
                t('cust.dismiss')));
    }

    function form(kind, fields, submitLabel, build) {
        return (cancel) => {
            const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
            const errors = fieldErrors(h, t, general);
            const element = h('form', {class: 'card-form cu-inline-form', novalidate: true, 'data-testid': `bulk-${kind}-form`},
                fields.map(({name, label, input}) => errors.field(name, h('label', {for: (input.input || input).id}, label),
                    input.input || input)),
                fields.flatMap(({input}) => (input.element ? input.element.slice(1) : [])),
                general,
                h('div', {class: 'cu-actions'},
                    h('button', {type: 'submit', class: 'primary'}, submitLabel),
                    h('button', {type: 'button', class: 'secondary', onClick: cancel}, t('cust.cancel'))));
            element.addEventListener('submit', async (event) => {
                event.preventDefault();
                errors.clear();
                // the last action's outcome goes at once: it must not stand for this one's while it runs
                result.replaceChildren();
                await run(await build(), errors);
            });
            element.addEventListener('keydown', (event) => {
                if (event.key === 'Escape') {
                    cancel();
                }
            });
            return element;
        };
    }

    const actions = [];
    if (can(ctx.me, 'customers:assign')) {
        actions.push(action('assign', t('cust.assign'), (cancel) => {
            const picker = userPicker(ctx, ctx.uid('bulk-owner'), {name: 'ownerId', 'data-testid': 'bulk-owner'});
            const reason = h('input', {id: ctx.uid('bulk-reason'), name: 'reason', maxlength: '500'});
            return form('assign', [{name: 'ownerId', label: t('cust.newOwner'), input: picker},
                {name: 'reason', label: t('cust.reasonOptional'), input: reason}], t('cust.assignSubmit'),
            async () => ({action: 'assign', ownerId: await picker.resolve(), reason: reason.value.trim() || null}))(cancel);
        }));
    }
    actions.push(action('tag', t('cust.addTag'), (cancel) => {
        const tag = h('input', {id: ctx.uid('bulk-tag'), name: 'tag', maxlength: '40', 'data-testid': 'bulk-tag-input'});
        return form('tag', [{name: 'tag', label: t('cust.tag'), input: tag}], t('cust.addTagSubmit'),
            () => ({action: 'tag', tag: tag.value.trim()}))(cancel);
    }));
    actions.push(action('untag', t('cust.removeTag'), (cancel) => {
        const tag = h('input', {id: ctx.uid('bulk-untag'), name: 'tag', maxlength: '40'});
        return form('untag', [{name: 'tag', label: t('cust.tag'), input: tag}], t('cust.removeTagSubmit'),
            () => ({action: 'untag', tag: tag.value.trim()}))(cancel);
    }));
    actions.push(action('release', t('cust.release'), (cancel) => {
        const reason = h('input', {id: ctx.uid('bulk-release'), name: 'reason', maxlength: '500', required: true,
            'data-testid': 'bulk-release-reason'});
        return form('release', [{name: 'reason', label: t('cust.reason'), input: reason}], t('cust.releaseSubmit'),
            () => ({action: 'release', reason: reason.value.trim()}))(cancel);
    }));
    if (can(ctx.me, 'customers:export')) {
        actions.push(h('button', {type: 'button', class: 'secondary', 'data-testid': 'bulk-export', onClick: () => {
            const specs = columns();
            downloadCsv('customers-selected.csv', [t('customer.name'), ...specs.map((spec) => t(spec.label))],
                selection().map((customer) => [customer.name, ...specs.map((spec) => {
                    const value = spec.cell(customer);
                    return value instanceof Node ? value.textContent : value;
                })]));
        }}, t('cust.exportSelected')));
    }

    const bar = h('div', {class: 'cu-bulk-bar', role: 'region', 'aria-label': t('cust.bulkActions'), hidden: true,
        'data-testid': 'bulk-bar'}, count, h('div', {class: 'bulk-actions'}, actions), area);

    return {
        element: h('div', {}, bar, result),
        update() {
            const n = selection().length;
            bar.hidden = n === 0;
            count.textContent = t('cust.selected', {count: n});
            if (n === 0) {
                close();
            }
        },
    };
}
