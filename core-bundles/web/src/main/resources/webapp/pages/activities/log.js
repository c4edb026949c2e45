// Log a call, meeting, note, visit or e-mail against a customer; the type decides which fields are asked for.

import {fieldErrors} from '../forms.js';
import {activitiesHeader, customerName, customerPicker} from './shared.js';

const TYPES = ['CALL', 'MEETING', 'NOTE', 'VISIT', 'EMAIL'];
// which optional fields each type shows
const FIELDS = {
    CALL: ['direction', 'start', 'duration', 'outcome', 'body'],
    EMAIL: ['direction', 'start', 'body'],
    MEETING: ['start', 'end', 'location', 'participants', 'planned', 'outcome', 'body'],
    VISIT: ['start', 'end', 'location', 'participants', 'planned', 'outcome', 'body'],
    NOTE: ['body'],
};

export async function renderLog(page, ctx, query) {
    const {h, t, uid, api, localNow, timeZone} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const done = h('div', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'activity-logged'});
    const errors = fieldErrors(h, t, general);
    const ids = Object.fromEntries(['type', 'customer', 'subject', 'direction', 'start', 'end', 'duration', 'location',
        'city', 'outcome', 'body', 'planned'].map((name) => [name, uid(`log-${name}`)]));
    const initialType = TYPES.includes(query.get('type')) ? query.get('type') : 'CALL';

    const type = h('select', {id: ids.type, name: 'type', 'data-testid': 'log-type'},
        TYPES.map((value) => h('option', {value, selected: value === initialType}, t(`activity.${value}`))));
    const participants = h('fieldset', {id: uid('log-participants'), class: 'participants', 'data-testid': 'log-participants'},
        h('legend', {}, t('log.participants')), h('p', {class: 'muted'}, t('log.participantsPick')));
    const picker = customerPicker(ctx, {id: ids.customer, testid: 'log-customer', onChange: (picked) => loadContacts(picked)});
    const subject = h('input', {id: ids.subject, name: 'subject', maxlength: '200'});
    const direction = h('select', {id: ids.direction, name: 'direction'},
        h('option', {value: 'OUT'}, t('call.outgoing')), h('option', {value: 'IN'}, t('call.incoming')));
    const start = h('input', {id: ids.start, name: 'startLocal', type: 'datetime-local', value: localNow()});
    const end = h('input', {id: ids.end, name: 'endLocal', type: 'datetime-local'});
    const duration = h('input', {id: ids.duration, name: 'durationMinutes', type: 'number', min: '0', step: '1',
        inputmode: 'numeric'});
    const street = h('input', {id: ids.location, name: 'street', maxlength: '200', autocomplete: 'street-address'});
    const city = h('input', {id: ids.city, name: 'city', maxlength: '100', autocomplete: 'address-level2'});
    const outcome = h('input', {id: ids.outcome, name: 'outcome', maxlength: '500'});
    const body = h('textarea', {id: ids.body, name: 'body', rows: '4', maxlength: '10000'});
    const planned = h('input', {id: ids.planned, name: 'planned', type: 'checkbox'});

    const groups = {
        direction: errors.field('direction', h('label', {for: ids.direction}, t('call.direction')), direction),
        start: errors.field('startLocal', h('label', {for: ids.start}, t('log.start'),
            h('span', {class: 'muted label-note'}, ` (${timeZone})`)), start, ['startAt']),
        end: errors.field('endLocal', h('label', {for: ids.end}, t('log.end')), end, ['endAt']),
        duration: errors.field('durationMinutes', h('label', {for: ids.duration}, t('call.duration')), duration),
        location: h('div', {class: 'field-row'},
            errors.field('location', h('label', {for: ids.location}, t('log.location')), street,
                ['location.address', 'location.latitude', 'location.longitude']),
            errors.field('location.address.city', h('label', {for: ids.city}, t('log.city')), city)),
        participants: errors.field('participants', h('span', {}), participants),
        planned: h('div', {class: 'field check'}, planned, h('label', {for: ids.planned}, t('log.planned'))),
        outcome: errors.field('outcome', h('label', {for: ids.outcome}, t('call.outcome')), outcome),
        body: errors.field('body', h('label', {for: ids.body}, t('log.body')), body),
    };

    function showFields() {
        const wanted = FIELDS[type.value];
        Object.entries(groups).forEach(([name, group]) => {
            group.hidden = !wanted.includes(name);
        });
        groups.body.querySelector('label').textContent = type.value === 'NOTE' ? t('log.note') : t('log.body');
    }
    type.addEventListener('change', showFields);

    async function loadContacts(customer) {
        const legend = participants.querySelector('legend');
        participants.replaceChildren(legend);
        if (!customer) {
            participants.append(h('p', {class: 'muted'}, t('log.participantsPick')));
            return;
        }
        participants.append(h('p', {class: 'muted'}, t('common.loading')));
        try {
            const {data} = await api(`/customers/${encodeURIComponent(customer.id)}/contacts?limit=50`);
            const items = data.items || [];
            participants.replaceChildren(legend, ...(items.length === 0
                ? [h('p', {class: 'muted'}, t('contacts.none'))]
                : items.map((contact) => {
                    const id = uid('participant');
                    return h('div', {class: 'check'}, h('input', {type: 'checkbox', id, value: contact.id,
                        name: 'participant'}), h('label', {for: id},
                        [contact.firstName, contact.lastName].filter(Boolean).join(' ')));
                })));
        } catch (error) {
            participants.replaceChildren(legend, h('p', {class: 'form-error'}, t('error.generic', {detail: error.message})));
        }
    }

    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'log-submit'}, t('log.submit'));
    const form = h('form', {class: 'card-form log-form', novalidate: true, 'data-testid': 'log-form'},
        errors.field('type', h('label', {for: ids.type}, t('log.type')), type),
        errors.field('links', h('label', {for: ids.customer}, t('task.customer')), picker.element),
        errors.field('subject', h('label', {for: ids.subject}, t('call.subject')), subject),
        ...Object.values(groups),
        general, submit);
    showFields();

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        done.hidden = true;
        const wanted = FIELDS[type.value];
        const customer = picker.get();
        const activity = {type: type.value, subject: subject.value.trim(), timeZone,
            status: wanted.includes('planned') && planned.checked ? 'OPEN' : 'DONE',
            links: customer ? [{recordType: 'customer', recordId: customer.id}] : []};
        if (wanted.includes('direction')) {
            activity.direction = direction.value;
        }
        if (wanted.includes('start') && start.value) {
            activity.startLocal = start.value;
        }
        if (wanted.includes('end') && end.value) {
            activity.endLocal = end.value;
        }
        if (wanted.includes('duration') && duration.value !== '') {
            activity.durationMinutes = Number(duration.value);
        }
        if (wanted.includes('location') && (street.value.trim() || city.value.trim())) {
            activity.location = {address: {street: street.value.trim() || null, city: city.value.trim() || null}};
        }
        if (wanted.includes('participants')) {
            activity.participants = [...participants.querySelectorAll('input:checked')]
                .map((box) => ({kind: 'CONTACT', id: box.value}));
        }
        if (wanted.includes('outcome') && outcome.value.trim()) {
            activity.outcome = outcome.value.trim();
        }
        if (body.value.trim()) {
            activity.body = body.value.trim();
        }
        submit.disabled = true;
        try {
            const {data} = await api('/activities', {method: 'POST', body: activity});
            subject.value = '';
            outcome.value = '';
            body.value = '';
            duration.value = '';
            end.value = '';
            start.value = localNow();
            done.replaceChildren(t('log.logged', {type: t(`activity.${data.type}`), subject: data.subject}), ' ',
                h('a', {href: `#/customers/${encodeURIComponent(customer.id)}`, 'data-testid': 'logged-timeline'},
                    t('log.toTimeline', {customer: customer.name})));
            done.hidden = false;
            done.querySelector('a').focus();
        } catch (error) {
            errors.show(error);
        } finally {
            submit.disabled = false;
        }
    });

    page.append(...activitiesHeader(ctx, 'log'), h('p', {class: 'muted'}, t('log.intro')), done, form);
    const preset = query.get('customer');
    if (preset) {
        customerName(api, preset).then((name) => name && picker.set(preset, name));
    }
}
