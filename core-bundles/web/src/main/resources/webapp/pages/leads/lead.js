// One lead: its details, editing, status changes, claim/release/assign, and the way to the convert wizard.

import {fieldErrors} from '../forms.js';
import {OPEN_STATUSES, can, fill, leadName, personName, ownerName, statusBadge, errorText} from './common.js';
import {leadForm, leadSources} from './form.js';
import {userPicker} from './assign.js';

export async function renderLead(page, ctx, id) {
    const {h, t, api, ApiError} = ctx;
    page.append(h('p', {}, h('a', {href: '#/leads', class: 'back'}, t('leads.back'))));
    const body = h('div', {}, h('p', {class: 'muted'}, t('common.loading')));
    page.append(body);
    let answer;
    try {
        answer = await api(`/leads/${encodeURIComponent(id)}`);
    } catch (error) {
        const gone = error instanceof ApiError && error.status === 404;
        body.replaceChildren(h('h1', {}, gone ? t('leads.notFound') : t('leads.lead.title')),
            gone ? h('p', {role: 'alert'}, t('leads.notFoundText')) : errorText(ctx, error));
        return;
    }
    show(ctx, body, answer.data, answer.etag);
}

function show(ctx, body, lead, etag) {
    const {h, t, me} = ctx;
    const redraw = (changed, newEtag) => show(ctx, body, changed, newEtag);
    const open = OPEN_STATUSES.includes(lead.status);
    const workArea = h('div', {class: 'work-area'});
    const notice = h('p', {role: 'status', class: 'notice', hidden: true, 'data-testid': 'lead-notice'});
    const problem = h('p', {role: 'alert', class: 'form-error', hidden: true});

    async function act(path, requestBody, message) {
        problem.hidden = true;
        try {
            const answer = await ctx.api(`/leads/${encodeURIComponent(lead.id)}/${path}`,
                {method: 'POST', body: requestBody});
            redraw(answer.data, answer.etag);
            body.querySelector('[data-testid=lead-notice]').textContent = message;
            body.querySelector('[data-testid=lead-notice]').hidden = false;
        } catch (error) {
            problem.textContent = t('error.generic', {detail: error.message});
            problem.hidden = false;
        }
    }

    function toggle(button, build) {
        const wasOpen = button.getAttribute('aria-expanded') === 'true';
        body.querySelectorAll('.lead-actions [aria-expanded]').forEach((other) => other.setAttribute('aria-expanded', 'false'));
        workArea.replaceChildren();
        if (!wasOpen) {
            button.setAttribute('aria-expanded', 'true');
            workArea.append(build(() => {
                button.setAttribute('aria-expanded', 'false');
                workArea.replaceChildren();
                button.focus();
            }));
            workArea.querySelector('input, select, textarea')?.focus();
        }
    }

    const actions = h('div', {class: 'actions lead-actions'});
    if (open && can(me, 'leads:convert')) {
        actions.append(h('a', {href: `#/leads/${encodeURIComponent(lead.id)}/convert`, class: 'button-link primary',
            'data-testid': 'convert-lead'}, t('leads.action.convert')));
    }
    if (lead.status !== 'CONVERTED' && can(me, 'leads:write')) {
        const edit = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false', 'data-testid': 'edit-lead',
            onClick: () => toggle(edit, (close) => leadForm(ctx, {lead, etag, onCancel: close,
                onSaved: (changed, newEtag) => redraw(changed, newEtag)}))}, t('leads.edit'));
        const status = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false',
            'data-testid': 'change-status', onClick: () => toggle(status, (close) => statusForm(ctx, lead, etag, close,
                redraw))}, t('leads.action.status'));
        actions.append(edit, status);
        if (!lead.ownerId) {
            actions.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'claim-lead',
                onClick: () => act('claim', undefined, t('leads.claimed'))}, t('leads.action.claim')));
        } else if (lead.ownerId === me.id || can(me, 'leads:assign')) {
            const release = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false',
                'data-testid': 'release-lead', onClick: () => toggle(release, (close) => releaseForm(ctx, close,
                    (reason) => act('release', {reason}, t('leads.released')))) }, t('leads.action.release'));
            actions.append(release);
        }
    }
    if (lead.status !== 'CONVERTED' && can(me, 'leads:assign')) {
        const assign = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false', 'data-testid': 'assign-lead',
            onClick: () => toggle(assign, (close) => userPicker(ctx, {label: t('leads.assign.to'), onCancel: close,
                onPick: (user) => act('assign', {ownerId: user.id}, t('leads.assigned', {name: user.label}))}))},
        t('leads.action.assign'));
        actions.append(assign);
    }

    fill(body,
        h('div', {class: 'page-head'},
            h('h1', {'data-testid': 'lead-name'}, leadName(lead), ' ', statusBadge(ctx, lead.status)), actions),
        notice, problem, workArea,
        lead.status === 'CONVERTED' ? converted(ctx, lead) : null,
        h('div', {class: 'columns'},
            h('section', {class: 'panel', 'aria-labelledby': 'lead-details-h'},
                h('h2', {id: 'lead-details-h'}, t('leads.details')), details(ctx, lead))));
}

function converted({h, t, formatDateTime}, lead) {
    return h('p', {class: 'panel converted', 'data-testid': 'lead-converted'},
        t('leads.convertedAt', {when: formatDateTime(lead.convertedAt)}), ' ',
        h('a', {href: `#/customers/${encodeURIComponent(lead.convertedCustomerId)}`, 'data-testid': 'converted-customer'},
            t('leads.openCustomer')));
}

function details(ctx, lead) {
    const {h, t, formatDateTime} = ctx;
    const address = lead.address || {};
    const owner = h('span', {});
    ownerName(ctx, lead.ownerId).then((name) => owner.append(name));
    const source = h('span', {}, lead.source || '');
    if (lead.source) {
        leadSources(ctx).then((sources) => {
            const found = sources.find((option) => option.key === lead.source);
            source.textContent = found ? found.label : lead.source;
        });
    }
    const rows = [
        [t('leads.field.person'), personName(lead)],
        [t('leads.field.company'), lead.company || ''],
        [t('leads.field.title'), lead.title || ''],
        [t('leads.field.email'), lead.email ? h('a', {href: `mailto:${lead.email}`}, lead.email) : ''],
        [t('leads.field.phone'), lead.phone ? h('a', {href: `tel:${lead.phone}`}, lead.phone) : ''],
        [t('leads.field.website'), lead.website
            ? h('a', {href: lead.website, rel: 'noopener noreferrer', target: '_blank'}, lead.website) : ''],
        [t('leads.field.address'), [address.street, address.postalCode, address.city, address.region, address.country]
            .filter(Boolean).join(', ')],
        [t('leads.field.source'), lead.source ? source : ''],
        [t('leads.field.owner'), owner],
        [t('leads.field.disqualifiedReason'), lead.disqualifiedReason || ''],
        [t('leads.field.description'), lead.description || ''],
        [t('leads.field.createdAt'), formatDateTime(lead.createdAt)],
        [t('leads.field.updatedAt'), formatDateTime(lead.updatedAt)],
    ].filter(([, value]) => value !== '');
    return h('dl', {class: 'profile', 'data-testid': 'lead-details'},
        rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

function statusForm(ctx, lead, etag, close, redraw) {
    const {h, t, uid, api} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const ids = {status: uid('status'), reason: uid('reason')};
    // CONVERTED is set by the conversion only
    const status = h('select', {id: ids.status, name: 'status'},
        ['NEW', 'WORKING', 'QUALIFIED', 'DISQUALIFIED'].map((value) => h('option', {value,
            selected: value === lead.status}, t(`leads.status.${value}`))));
    const reason = h('input', {id: ids.reason, name: 'disqualifiedReason', maxlength: '500',
        value: lead.disqualifiedReason || ''});
    const reasonField = errors.field('disqualifiedReason', h('label', {for: ids.reason}, t('leads.field.disqualifiedReason')),
        reason);
    const sync = () => {
        reasonField.hidden = status.value !== 'DISQUALIFIED';
    };
    status.addEventListener('change', sync);
    sync();
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'status-form'},
        errors.field('status', h('label', {for: ids.status}, t('leads.field.status')), status), reasonField, general,
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, t('leads.save')),
            h('button', {type: 'button', class: 'secondary', onClick: close}, t('leads.cancel'))));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const patch = {status: status.value};
        patch.disqualifiedReason = status.value === 'DISQUALIFIED' ? reason.value.trim() || null : null;
        try {
            const answer = await api(`/leads/${encodeURIComponent(lead.id)}`, {method: 'PATCH', body: patch,
                headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': etag}});
            redraw(answer.data, answer.etag);
        } catch (error) {
            errors.show(error.status === 412 ? {errors: [], message: t('leads.changedMeanwhile')} : error);
        }
    });
    return form;
}

function releaseForm(ctx, close, release) {
    const {h, t, uid} = ctx;
    const id = uid('release-reason');
    const reason = h('input', {id, name: 'reason', maxlength: '500', 'data-testid': 'release-reason'});
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'release-form'},
        h('div', {class: 'field'}, h('label', {for: id}, t('leads.releaseReason')), reason),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, t('leads.action.release')),
            h('button', {type: 'button', class: 'secondary', onClick: close}, t('leads.cancel'))));
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        release(reason.value.trim() || null);
    });
    return form;
}
