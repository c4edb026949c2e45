// The profile of the 360 page: read, edit (merge patch with If-Match), and the owner actions (claim, release,
// assign) and delete, each offered only when the user's permissions allow it.

import {fieldErrors} from '../forms.js';
import {can, KINDS, ownerCell, problemText, STAGES, userPicker} from './shared.js';

export function profileView(ctx, customer) {
    const {h, t, formatDateTime} = ctx;
    const address = customer.address || {};
    const addressText = [address.street, address.postalCode, address.city, address.region, address.country]
        .filter(Boolean).join(', ');
    const rows = [
        [t('customer.kind'), customer.kind ? t(`kind.${customer.kind}`) : ''],
        [t('customer.stage'), customer.stage ? t(`stage.${customer.stage}`) : ''],
        [t('cust.owner'), ownerCell(ctx, customer.ownerId)],
        [t('cust.legalName'), customer.legalName || ''],
        [t('customer.email'), customer.email ? h('a', {href: `mailto:${customer.email}`}, customer.email) : ''],
        [t('customer.phone'), customer.phone ? h('a', {href: `tel:${customer.phone}`}, customer.phone) : ''],
        [t('customer.website'), customer.website
            ? h('a', {href: customer.website, rel: 'noopener noreferrer', target: '_blank'}, customer.website) : ''],
        [t('customer.industry'), customer.industry || ''],
        [t('customer.address'), addressText],
        [t('customer.tags'), (customer.tags || []).join(', ')],
        [t('cust.currency'), customer.currency || ''],
        [t('customer.createdAt'), formatDateTime(customer.createdAt)],
        [t('cust.updatedAt'), formatDateTime(customer.updatedAt)],
    ].filter(([, value]) => value !== '');
    return h('dl', {class: 'profile'}, rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** A field that finds a customer by name; resolve() gives its id, null when empty. */
export function customerPicker(ctx, id, initial, excludeId) {
    const {h, api} = ctx;
    const listId = `${id}-list`;
    const options = h('datalist', {id: listId});
    const byLabel = new Map();
    if (initial) {
        byLabel.set(initial.name, initial.id);
    }
    const input = h('input', {id, type: 'text', list: listId, autocomplete: 'off', name: 'parentId',
        value: initial ? initial.name : ''});
    let timer = null;
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const q = input.value.trim();
            if (!q) {
                return;
            }
            try {
                const {data} = await api(`/customers?${new URLSearchParams({q, limit: '10', sort: 'name'})}`);
                options.replaceChildren(...(data.items || []).filter((one) => one.id !== excludeId).map((one) => {
                    byLabel.set(one.name, one.id);
                    return h('option', {value: one.name});
                }));
            } catch {
                // suggestions only
            }
        }, 250);
    });
    return {
        element: [input, options],
        input,
        async resolve() {
            const text = input.value.trim();
            if (!text) {
                return null;
            }
            if (byLabel.has(text)) {
                return byLabel.get(text);
            }
            const {data} = await api(`/customers?${new URLSearchParams({q: text, limit: '10', sort: 'name'})}`);
            const exact = (data.items || []).find((one) => one.name.toLowerCase() === text.toLowerCase());
            return exact ? exact.id : text; // the server then names the field
        },
    };
}

/**
 * The edit form. etag is the version the user read; onSaved(customer, etag) after a change, onCancel to leave.
 */
export function editForm(ctx, customer, etag, parent, {onSaved, onCancel, onReload}) {
    const {h, t, uid, api, ApiError} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true, 'data-testid': 'edit-error'});
    const errors = fieldErrors(h, t, general);
    const form = h('form', {class: 'card-form edit-form', novalidate: true, 'data-testid': 'customer-edit-form',
        'aria-label': t('cust.editProfile')});
    const address = customer.address || {};
    const inputs = {};
    const text = (name, label, value, attrs = {}) => {
        const id = uid(name.replace('.', '-'));
        inputs[name] = h('input', {id, name, value: value || '', ...attrs});
        return errors.field(name, h('label', {for: id}, label), inputs[name]);
    };
    const choice = (name, label, values, prefix, value) => {
        const id = uid(name);
        inputs[name] = h('select', {id, name}, values.map((one) => h('option', {value: one, selected: one === value},
            t(`${prefix}${one}`))));
        return errors.field(name, h('label', {for: id}, label), inputs[name]);
    };
    const parentId = uid('parent');
    const parentPicker = customerPicker(ctx, parentId, parent, customer.id);
    form.append(
        h('div', {class: 'cu-form-grid'},
            text('name', t('customer.name'), customer.name, {maxlength: '200', autocomplete: 'organization'}),
            text('legalName', t('cust.legalName'), customer.legalName, {maxlength: '200'}),
            choice('kind', t('customer.kind'), KINDS, 'kind.', customer.kind),
            choice('stage', t('customer.stage'), STAGES, 'stage.', customer.stage),
            text('industry', t('customer.industry'), customer.industry, {maxlength: '40'}),
            text('website', t('customer.website'), customer.website, {type: 'url', maxlength: '500'}),
            text('phone', t('customer.phone'), customer.phone, {type: 'tel', maxlength: '40'}),
            text('email', t('customer.email'), customer.email, {type: 'email', maxlength: '254'}),
            text('address.street', t('cust.street'), address.street),
            text('address.city', t('cust.city'), address.city),
            text('address.region', t('cust.region'), address.region),
            text('address.postalCode', t('cust.postalCode'), address.postalCode),
            text('address.country', t('cust.country'), address.country, {maxlength: '2'}),
            text('tags', t('cust.tagsComma'), (customer.tags || []).join(', ')),
            text('currency', t('cust.currency'), customer.currency, {maxlength: '3'}),
            errors.field('parentId', h('label', {for: parentId}, t('cust.parent')), parentPicker.input),
            parentPicker.element[1]),
        general,
        h('div', {class: 'cu-actions'},
            h('button', {type: 'submit', class: 'primary', 'data-testid': 'save-customer'}, t('cust.save')),
            h('button', {type: 'button', class: 'secondary', onClick: onCancel}, t('cust.cancel'))));

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const patch = {};
        const value = (name) => {
            const clean = inputs[name].value.trim();
            return clean === '' ? null : clean;
        };
        for (const name of ['name', 'legalName', 'kind', 'stage', 'industry', 'website', 'phone', 'email', 'currency']) {
            if (value(name) !== (customer[name] ?? null)) {
                patch[name] = value(name);
            }
        }
        const addressPatch = {};
        for (const part of ['street', 'city', 'region', 'postalCode', 'country']) {
            if (value(`address.${part}`) !== (address[part] ?? null)) {
                addressPatch[part] = value(`address.${part}`);
            }
        }
        if (Object.keys(addressPatch).length > 0) {
            patch.address = addressPatch;
        }
        const tags = inputs.tags.value.split(',').map((tag) => tag.trim()).filter(Boolean);
        if (tags.join(',') !== (customer.tags || []).join(',')) {
            patch.tags = tags;
        }
        try {
            const parentValue = await parentPicker.resolve();
            if (parentValue !== (customer.parentId ?? null)) {
                patch.parentId = parentValue;
            }
            const {data, etag: next} = await api(`/customers/${encodeURIComponent(customer.id)}`, {method: 'PATCH',
                body: patch, headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': etag}});
            onSaved(data, next);
        } catch (error) {
            if (error instanceof ApiError && (error.status === 412 || error.status === 428)) {
                general.replaceChildren(t('cust.conflict'), ' ',
                    h('button', {type: 'button', class: 'secondary', onClick: onReload}, t('cust.reload')));
                general.hidden = false;
                general.focus();
                return;
            }
            if (error instanceof ApiError && error.status === 409 && Array.isArray(error.problem.candidates)) {
                general.replaceChildren(problemText(t, error), ' ', t('cust.duplicateOf', {
                    names: error.problem.candidates.map((one) => one.name).filter(Boolean).join(', ')}));
                general.hidden = false;
                general.focus();
                return;
            }
            errors.show(error);
        }
    });
    form.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') {
            onCancel();
        }
    });
    return form;
}

/**
 * The buttons of the profile's head: edit, claim, release, assign, delete — each with its own small inline
 * form; done() re-reads the customer.
 */
export function ownerActions(ctx, customer, etag, {onEdit, done}) {
    const {h, t, uid, api, me} = ctx;
    const area = h('div', {class: 'inline-area'});
    const message = h('p', {class: 'form-error', role: 'alert', hidden: true, tabindex: '-1',
        'data-testid': 'action-error'});
    let opener = null;
    const close = () => {
        area.replaceChildren();
        opener?.focus();
    };
    const open = (button, content) => {
        opener = button;
        message.hidden = true;
        area.replaceChildren(content);
        content.querySelector('input, select, button')?.focus();
    };
    const fail = (error) => {
        message.textContent = problemText(t, error);
        message.hidden = false;
        message.focus?.();
    };
    const reasonForm = (testid, label, submitLabel, extra, send) => {
        const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
        const errors = fieldErrors(h, t, general);
        const reasonId = uid('reason');
        const reason = h('input', {id: reasonId, name: 'reason', maxlength: '500'});
        const form = h('form', {class: 'card-form cu-inline-form', novalidate: true, 'data-testid': testid},
            extra ? extra.field(errors) : null,
            errors.field('reason', h('label', {for: reasonId}, label), reason),
            general,
            h('div', {class: 'cu-actions'}, h('button', {type: 'submit', class: 'primary'}, submitLabel),
                h('button', {type: 'button', class: 'secondary', onClick: close}, t('cust.cancel'))));
        form.addEventListener('submit', async (event) => {
            event.preventDefault();
            errors.clear();
            try {
                await send(reason.value.trim());
                await done();
            } catch (error) {
                errors.show(error);
            }
        });
        return form;
    };
    const path = `/customers/${encodeURIComponent(customer.id)}`;
    const buttons = [];
    if (can(me, 'customers:write')) {
        buttons.push(h('button', {type: 'button', class: 'secondary', 'data-testid': 'edit-customer', onClick: onEdit},
            t('cust.edit')));
    }
    if (!customer.ownerId && can(me, 'customers:write')) {
        buttons.push(h('button', {type: 'button', class: 'primary', 'data-testid': 'claim-customer',
            onClick: async () => {
                try {
                    await api(`${path}/claim`, {method: 'POST'});
                    await done();
                } catch (error) {
                    fail(error);
                }
            }}, t('cust.claim')));
    }
    if (customer.ownerId && (customer.ownerId === me.id || can(me, 'customers:assign'))) {
        const release = h('button', {type: 'button', class: 'secondary', 'data-testid': 'release-customer',
            onClick: () => open(release, reasonForm('release-form', t('cust.reason'), t('cust.releaseSubmit'), null,
                (reason) => api(`${path}/release`, {method: 'POST', body: {reason}})))}, t('cust.release'));
        buttons.push(release);
    }
    if (can(me, 'customers:assign')) {
        const assign = h('button', {type: 'button', class: 'secondary', 'data-testid': 'assign-customer',
            onClick: () => {
                const picker = userPicker(ctx, uid('owner'), {name: 'ownerId'});
                open(assign, reasonForm('assign-form', t('cust.reasonOptional'), t('cust.assignSubmit'), {
                    field: (errors) => [errors.field('ownerId', h('label', {for: picker.input.id}, t('cust.newOwner')),
                        picker.input), picker.element[1]],
                }, async (reason) => api(`${path}/assign`, {method: 'POST',
                    body: {ownerId: await picker.resolve(), reason: reason || null}})));
            }}, t('cust.assign'));
        buttons.push(assign);
    }
    if (can(me, 'customers:write')) {
        const remove = h('button', {type: 'button', class: 'cu-danger', 'data-testid': 'delete-customer', onClick: () => {
            const confirm = h('div', {class: 'cu-confirm', role: 'group', 'aria-label': t('cust.delete')},
                h('p', {}, t('cust.deleteConfirm', {name: customer.name})),
                h('button', {type: 'button', class: 'cu-danger', 'data-testid': 'confirm-delete', onClick: async () => {
                    try {
                        await api(path, {method: 'DELETE', headers: {'If-Match': etag}});
                        ctx.navigate('/customers');
                    } catch (error) {
                        fail(error);
                    }
                }}, t('cust.deleteYes')),
                h('button', {type: 'button', class: 'secondary', onClick: close}, t('cust.cancel')));
            open(remove, confirm);
        }}, t('cust.delete'));
        buttons.push(remove);
    }
    return h('div', {class: 'owner-actions'}, h('div', {class: 'cu-actions'}, buttons), message, area);
}
