// One customer: profile, contacts, the timeline, and a form to log a call.

import {fieldErrors} from '../forms.js';

const TIMELINE_PAGE = 20;

export async function renderCustomer(page, ctx, id) {
    const {h, t, api, ApiError} = ctx;
    page.append(h('p', {}, h('a', {href: '#/customers', class: 'back'}, t('customer.back'))));
    let customer;
    try {
        ({data: customer} = await api(`/customers/${encodeURIComponent(id)}`));
    } catch (error) {
        const gone = error instanceof ApiError && error.status === 404;
        page.append(h('h1', {}, gone ? t('customer.notFound') : t('customer.title')),
            h('p', {role: 'alert', class: gone ? '' : 'form-error'},
                gone ? t('customer.notFoundText') : t('error.generic', {detail: error.message})));
        return;
    }
    const timeline = h('ol', {class: 'timeline', 'data-testid': 'timeline'});
    const more = h('div', {class: 'pager'});
    page.append(
        h('h1', {'data-testid': 'customer-name'}, customer.name),
        h('div', {class: 'columns'},
            h('section', {'aria-labelledby': 'profile-h', class: 'panel'},
                h('h2', {id: 'profile-h'}, t('customer.profile')), profile(ctx, customer)),
            contactsPanel(ctx, customer.id),
            h('section', {'aria-labelledby': 'call-h', class: 'panel'},
                h('h2', {id: 'call-h'}, t('call.title')),
                callForm(ctx, customer.id, () => loadTimeline(ctx, customer.id, timeline, more, null, true))),
            h('section', {'aria-labelledby': 'timeline-h', class: 'panel'},
                h('h2', {id: 'timeline-h'}, t('timeline.title')), timeline, more)));
    await loadTimeline(ctx, customer.id, timeline, more, null, true);
}

function profile({h, t, formatDateTime}, customer) {
    const address = customer.address || {};
    const addressText = [address.street, address.postalCode, address.city, address.region, address.country]
        .filter(Boolean).join(', ');
    const rows = [
        [t('customer.kind'), customer.kind ? t(`kind.${customer.kind}`) : ''],
        [t('customer.stage'), customer.stage ? t(`stage.${customer.stage}`) : ''],
        [t('customer.email'), customer.email ? h('a', {href: `mailto:${customer.email}`}, customer.email) : ''],
        [t('customer.phone'), customer.phone ? h('a', {href: `tel:${customer.phone}`}, customer.phone) : ''],
        [t('customer.website'), customer.website
            ? h('a', {href: customer.website, rel: 'noopener noreferrer', target: '_blank'}, customer.website) : ''],
        [t('customer.industry'), customer.industry || ''],
        [t('customer.address'), addressText],
        [t('customer.tags'), (customer.tags || []).join(', ')],
        [t('customer.createdAt'), formatDateTime(customer.createdAt)],
    ].filter(([, value]) => value !== '');
    return h('dl', {class: 'profile'}, rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

function contactsPanel({h, t, api}, customerId) {
    const list = h('ul', {class: 'contacts', 'data-testid': 'contacts'}, h('li', {class: 'muted'}, t('common.loading')));
    api(`/customers/${encodeURIComponent(customerId)}/contacts?limit=50`).then(({data}) => {
        const items = data.items || [];
        list.replaceChildren(...(items.length === 0 ? [h('li', {class: 'muted'}, t('contacts.none'))]
            : items.map((contact) => h('li', {},
                h('strong', {}, [contact.firstName, contact.lastName].filter(Boolean).join(' ')),
                contact.primary ? h('span', {class: 'badge'}, t('contacts.primary')) : null,
                contact.title ? h('span', {class: 'muted'}, ` · ${contact.title}`) : null,
                (contact.emails || []).length || (contact.phones || []).length
                    ? h('div', {class: 'muted'}, [...(contact.emails || []), ...(contact.phones || [])].join(' · ')) : null))));
    }).catch((error) => {
        list.replaceChildren(h('li', {class: 'form-error'}, t('error.generic', {detail: error.message})));
    });
    return h('section', {'aria-labelledby': 'contacts-h', class: 'panel'}, h('h2', {id: 'contacts-h'}, t('contacts.title')),
        list);
}

async function loadTimeline(ctx, customerId, list, more, cursor, replace) {
    const {h, t, api, formatDateTime} = ctx;
    const params = new URLSearchParams({limit: String(TIMELINE_PAGE)});
    if (cursor) {
        params.set('cursor', cursor);
    }
    let data;
    try {
        ({data} = await api(`/customers/${encodeURIComponent(customerId)}/timeline?${params}`));
    } catch (error) {
        list.replaceChildren(h('li', {class: 'form-error'}, t('error.generic', {detail: error.message})));
        return;
    }
    const entries = (data.items || []).map((entry) => h('li', {class: 'entry', 'data-kind': entry.kind},
        h('span', {class: 'badge'}, kindLabel(t, entry.kind)),
        h('div', {class: 'entry-body'},
            h('strong', {class: 'entry-title'}, entry.title || ''),
            h('time', {datetime: entry.occurredAt}, formatDateTime(entry.occurredAt)),
            entry.summary ? h('p', {}, entry.summary) : null)));
    if (replace) {
        list.replaceChildren(...entries);
    } else {
        list.append(...entries);
    }
    if (list.children.length === 0) {
        list.append(h('li', {class: 'muted'}, t('timeline.empty')));
    }
    more.replaceChildren();
    if ((data.incomplete || []).length > 0) {
        more.append(h('p', {class: 'muted'}, t('timeline.incomplete', {modules: data.incomplete.join(', ')})));
    }
    if (data.nextCursor) {
        more.append(h('button', {type: 'button', class: 'secondary', onClick: () =>
            loadTimeline(ctx, customerId, list, more, data.nextCursor, false)}, t('timeline.more')));
    }
}

const ACTIVITY_TYPES = ['CALL', 'EMAIL', 'MEETING', 'TASK', 'NOTE', 'VISIT'];

function kindLabel(t, kind) {
    return ACTIVITY_TYPES.includes(kind) ? t(`activity.${kind}`) : kind;
}

function callForm(ctx, customerId, onLogged) {
    const {h, t, uid, api, localNow} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const done = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'call-logged'});
    const errors = fieldErrors(h, t, general);
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'call-form'});
    const ids = {subject: uid('subject'), direction: uid('direction'), start: uid('start'), duration: uid('duration'),
        outcome: uid('outcome'), body: uid('notes')};
    const subject = h('input', {id: ids.subject, name: 'subject', maxlength: '200'});
    const direction = h('select', {id: ids.direction, name: 'direction'},
        h('option', {value: 'OUT'}, t('call.outgoing')), h('option', {value: 'IN'}, t('call.incoming')));
    const start = h('input', {id: ids.start, name: 'start', type: 'datetime-local', value: localNow()});
    const duration = h('input', {id: ids.duration, name: 'durationMinutes', type: 'number', min: '0', step: '1',
        inputmode: 'numeric'});
    const outcome = h('input', {id: ids.outcome, name: 'outcome', maxlength: '500'});
    const body = h('textarea', {id: ids.body, name: 'body', rows: '3'});
    form.append(
        errors.field('subject', h('label', {for: ids.subject}, t('call.subject')), subject),
        errors.field('direction', h('label', {for: ids.direction}, t('call.direction')), direction),
        errors.field('startLocal', h('label', {for: ids.start}, t('call.when')), start, ['startAt', 'endAt']),
        errors.field('durationMinutes', h('label', {for: ids.duration}, t('call.duration')), duration),
        errors.field('outcome', h('label', {for: ids.outcome}, t('call.outcome')), outcome),
        errors.field('body', h('label', {for: ids.body}, t('call.notes')), body),
        general, done,
        h('button', {type: 'submit', class: 'primary'}, t('call.submit')));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        done.hidden = true;
        const activity = {
            type: 'CALL', status: 'DONE', subject: subject.value.trim(), direction: direction.value,
            links: [{recordType: 'customer', recordId: customerId}],
        };
        if (start.value) {
            activity.startLocal = start.value;
        }
        if (duration.value !== '') {
            activity.durationMinutes = Number(duration.value);
        }
        if (outcome.value.trim()) {
            activity.outcome = outcome.value.trim();
        }
        if (body.value.trim()) {
            activity.body = body.value.trim();
        }
        try {
            await api('/activities', {method: 'POST', body: activity});
            subject.value = '';
            outcome.value = '';
            body.value = '';
            duration.value = '';
            start.value = localNow();
            done.textContent = t('call.logged');
            done.hidden = false;
            await onLogged();
        } catch (error) {
            errors.show(error);
        }
    });
    return form;
}
