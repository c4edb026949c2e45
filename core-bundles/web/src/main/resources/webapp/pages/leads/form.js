// The lead form: creating a lead (POST) and editing one (PATCH with If-Match). Errors are shown at the fields.

import {fieldErrors} from '../forms.js';

const TEXT_FIELDS = [
    ['firstName', 'text', 'given-name', 100],
    ['lastName', 'text', 'family-name', 100],
    ['company', 'text', 'organization', 200],
    ['title', 'text', 'organization-title', 100],
    ['email', 'email', 'email', 254],
    ['phone', 'tel', 'tel', 40],
    ['website', 'url', 'url', 500],
];
const ADDRESS_FIELDS = [['city', 100], ['region', 100], ['country', 2]];

let sourcesPromise = null;

/** The active lead sources [{key, label}] in the user's language, loaded once per page load. */
export function leadSources(ctx) {
    if (!sourcesPromise) {
        sourcesPromise = ctx.api('/picklists/lead-source?active=true')
            .then(({data}) => (data.values || []).map((value) => ({key: value.key, labels: value.labels || {}})))
            .catch(() => {
                sourcesPromise = null;
                return [];
            });
    }
    return sourcesPromise.then((values) => values.map((value) => ({key: value.key,
        label: value.labels[ctx.language] || value.labels.en || value.key})));
}

/**
 * leadForm(ctx, {lead, etag, onSaved}) → a form element. Without a lead it creates one (with an owner choice:
 * the user, or the assignment rules); with one it edits it.
 */
export function leadForm(ctx, {lead = null, etag = null, onSaved, onCancel}) {
    const {h, t, uid, api} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const form = h('form', {class: 'card-form lead-form', novalidate: true, 'data-testid': 'lead-form',
        'aria-label': lead ? t('leads.edit') : t('leads.new')});
    const inputs = {};
    const grid = h('div', {class: 'form-grid'});
    for (const [name, type, autocomplete, max] of TEXT_FIELDS) {
        const id = uid(name);
        inputs[name] = h('input', {id, name, type, autocomplete, maxlength: String(max),
            value: lead ? lead[name] || '' : ''});
        grid.append(errors.field(name, h('label', {for: id}, t(`leads.field.${name}`)), inputs[name]));
    }
    const sourceId = uid('source');
    const source = h('select', {id: sourceId, name: 'source'}, h('option', {value: ''}, t('leads.source.none')));
    leadSources(ctx).then((sources) => {
        const current = lead ? lead.source : null;
        for (const option of sources) {
            source.append(h('option', {value: option.key, selected: option.key === current}, option.label));
        }
        if (current && !sources.some((option) => option.key === current)) {
            source.append(h('option', {value: current, selected: true}, current));
        }
    });
    grid.append(errors.field('source', h('label', {for: sourceId}, t('leads.field.source')), source));
    const address = lead ? lead.address || {} : {};
    for (const [part, max] of ADDRESS_FIELDS) {
        const id = uid(part);
        inputs[`address.${part}`] = h('input', {id, name: `address.${part}`, maxlength: String(max),
            value: address[part] || '', autocomplete: part === 'country' ? 'country' : null});
        grid.append(errors.field(`address.${part}`, h('label', {for: id}, t(`leads.field.address.${part}`)),
            inputs[`address.${part}`]));
    }
    const descriptionId = uid('description');
    const description = h('textarea', {id: descriptionId, name: 'description', rows: '3', maxlength: '4000'});
    description.value = lead ? lead.description || '' : '';
    form.append(grid, errors.field('description', h('label', {for: descriptionId}, t('leads.field.description')),
        description));

    let ownerSelect = null;
    if (!lead) {
        const ownerId = uid('owner');
        ownerSelect = h('select', {id: ownerId, name: 'ownerId'},
            h('option', {value: 'me'}, t('leads.owner.assignMe')),
            h('option', {value: ''}, t('leads.owner.byRules')));
        form.append(errors.field('ownerId', h('label', {for: ownerId}, t('leads.field.owner')), ownerSelect));
    }
    const submit = h('button', {type: 'submit', class: 'primary'}, lead ? t('leads.save') : t('leads.create'));
    form.append(general, h('div', {class: 'actions'}, submit,
        onCancel ? h('button', {type: 'button', class: 'secondary', onClick: onCancel}, t('leads.cancel')) : null));

    let allowDuplicate = false;
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const body = {};
        for (const name of TEXT_FIELDS.map(([field]) => field)) {
            const value = inputs[name].value.trim();
            if (value || lead) {
                body[name] = value || null;
            }
        }
        body.source = source.value || null;
        body.description = description.value.trim() || null;
        const addressBody = {};
        for (const [part] of ADDRESS_FIELDS) {
            addressBody[part] = inputs[`address.${part}`].value.trim() || null;
        }
        body.address = addressBody;
        if (ownerSelect && ownerSelect.value === 'me') {
            body.ownerId = ctx.me.id;
        }
        submit.disabled = true;
        const query = allowDuplicate ? '?allowDuplicate=true' : '';
        try {
            const answer = lead
                ? await api(`/leads/${encodeURIComponent(lead.id)}${query}`, {method: 'PATCH', body,
                    headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': etag}})
                : await api(`/leads${query}`, {method: 'POST', body});
            await onSaved(answer.data, answer.etag);
        } catch (error) {
            if (error.status === 409 && String(error.problem.type || '').endsWith('/duplicate')) {
                // the user has seen the look-alikes; the next submit creates (or saves) it anyway
                const names = (error.problem.candidates || []).map((candidate) => candidate.name
                    || [candidate.firstName, candidate.lastName].filter(Boolean).join(' ')).filter(Boolean);
                allowDuplicate = true;
                submit.textContent = t('leads.saveAnyway');
                errors.show({errors: [], message: t('leads.duplicate', {names: names.join(', ') || '—'})});
                general.textContent = t('leads.duplicate', {names: names.join(', ') || '—'});
            } else {
                errors.show(error.status === 412 ? {errors: [], message: t('leads.changedMeanwhile')} : error);
            }
        } finally {
            submit.disabled = false;
        }
    });
    return form;
}
