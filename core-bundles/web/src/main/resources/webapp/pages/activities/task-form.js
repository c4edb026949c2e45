// The form that creates or edits a task: subject, customer, due time in the user's zone, reminder, recurrence.

import {fieldErrors} from '../forms.js';
import {customerLink, customerName, customerPicker} from './shared.js';
import {instantToLocal, localToInstant} from '../../time.js';

const REMINDERS = [0, 5, 15, 30, 60, 1440];
const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'];

/**
 * taskForm(ctx, {task, etag, onSaved, onCancel}) → a <form>; with a task it edits it (PATCH with If-Match),
 * else it creates one.
 */
export function taskForm(ctx, {task = null, etag = null, onSaved, onCancel}) {
    const {h, t, uid, api, timeZone} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const errors = fieldErrors(h, t, general);
    const ids = {subject: uid('task-subject'), customer: uid('task-customer'), due: uid('task-due'),
        reminder: uid('task-reminder'), frequency: uid('task-frequency'), interval: uid('task-interval'),
        until: uid('task-until'), body: uid('task-body')};
    const subject = h('input', {id: ids.subject, name: 'subject', maxlength: '200', required: true,
        value: task ? task.subject : ''});
    const picker = customerPicker(ctx, {id: ids.customer, testid: 'task-customer'});
    const due = h('input', {id: ids.due, name: 'dueLocal', type: 'datetime-local',
        value: task && task.dueAt ? instantToLocal(task.dueAt, task.timeZone || timeZone) : ''});
    const reminderMinutes = task && task.dueAt && task.reminderAt
        ? Math.round((Date.parse(task.dueAt) - Date.parse(task.reminderAt)) / 60000) : null;
    const reminderValues = reminderMinutes !== null && !REMINDERS.includes(reminderMinutes)
        ? [...REMINDERS, reminderMinutes].sort((a, b) => a - b) : REMINDERS;
    const reminder = h('select', {id: ids.reminder, name: 'reminderAt'},
        h('option', {value: ''}, t('task.reminder.none')),
        reminderValues.map((minutes) => h('option', {value: String(minutes), selected: minutes === reminderMinutes},
            reminderLabel(t, minutes))));
    const recurrence = task && task.recurrence ? task.recurrence : null;
    const frequency = h('select', {id: ids.frequency, name: 'frequency'},
        h('option', {value: ''}, t('task.repeat.none')),
        FREQUENCIES.map((value) => h('option', {value, selected: recurrence && recurrence.frequency === value},
            t(`task.repeat.${value}`))));
    const interval = h('input', {id: ids.interval, name: 'interval', type: 'number', min: '1', max: '99', step: '1',
        inputmode: 'numeric', value: recurrence ? String(recurrence.interval || 1) : '1'});
    const until = h('input', {id: ids.until, name: 'until', type: 'date', value: recurrence && recurrence.until ? recurrence.until : ''});
    const body = h('textarea', {id: ids.body, name: 'body', rows: '3', maxlength: '10000'});
    body.value = task && task.body ? task.body : '';
    const repeatDetails = h('div', {class: 'field-row'},
        errors.field('recurrence.interval', h('label', {for: ids.interval}, t('task.repeat.interval')), interval),
        errors.field('recurrence.until', h('label', {for: ids.until}, t('task.repeat.until')), until));
    const showRepeat = () => {
        repeatDetails.hidden = !frequency.value;
    };
    frequency.addEventListener('change', showRepeat);
    showRepeat();

    const link = task ? customerLink(task.links) : null;
    if (link) {
        picker.set(link.recordId, '…');
        customerName(api, link.recordId).then((name) => picker.set(link.recordId, name || link.recordId));
    }

    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'task-save'},
        task ? t('task.save') : t('task.create'));
    const form = h('form', {class: 'card-form task-form', novalidate: true, 'data-testid': 'task-form'},
        h('h2', {}, task ? t('task.editTitle') : t('task.newTitle')),
        errors.field('subject', h('label', {for: ids.subject}, t('task.subject')), subject),
        errors.field('links', h('label', {for: ids.customer}, t('task.customer')), picker.element),
        errors.field('dueLocal', h('label', {for: ids.due}, t('task.due'),
            h('span', {class: 'muted label-note'}, ` (${timeZone})`)), due, ['dueAt', 'timeZone']),
        errors.field('reminderAt', h('label', {for: ids.reminder}, t('task.reminder')), reminder),
        errors.field('recurrence', h('label', {for: ids.frequency}, t('task.repeat')), frequency,
            ['recurrence.frequency']),
        repeatDetails,
        errors.field('body', h('label', {for: ids.body}, t('task.notes')), body),
        general,
        h('div', {class: 'actions'}, submit,
            onCancel ? h('button', {type: 'button', class: 'secondary', onClick: onCancel}, t('task.cancelEdit')) : null));

    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        const zone = task && task.timeZone ? task.timeZone : timeZone;
        const fields = {subject: subject.value.trim(), timeZone: zone, body: body.value.trim() || null};
        const picked = picker.get();
        if (!task || !link || !picked || picked.id !== link.recordId) {
            fields.links = picked ? [{recordType: 'customer', recordId: picked.id}] : [];
        }
        if (due.value) {
            fields.dueLocal = due.value;
        } else if (task) {
            fields.dueAt = null;
        }
        const dueInstant = due.value ? localToInstant(due.value, zone) : null;
        if (reminder.value !== '' && dueInstant) {
            fields.reminderAt = new Date(Date.parse(dueInstant) - Number(reminder.value) * 60000).toISOString();
        } else if (reminder.value !== '') {
            fields.reminderAt = null;
            errors.show({errors: [{field: 'reminderAt', message: t('task.reminder.needsDue')}]});
            return;
        } else {
            fields.reminderAt = null;
        }
        if (frequency.value) {
            fields.recurrence = {frequency: frequency.value, interval: interval.value === '' ? 1 : Number(interval.value)};
            if (until.value) {
                fields.recurrence.until = until.value;
            }
        } else {
            fields.recurrence = null;
        }
        submit.disabled = true;
        try {
            let saved;
            if (task) {
                ({data: saved} = await api(`/activities/${encodeURIComponent(task.id)}`, {method: 'PATCH', body: fields,
                    headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': etag || `"${task.version}"`}}));
            } else {
                Object.keys(fields).forEach((key) => fields[key] === null && delete fields[key]);
                ({data: saved} = await api('/activities', {method: 'POST', body: {type: 'TASK', status: 'OPEN', ...fields}}));
            }
            await onSaved(saved);
        } catch (error) {
            if (error.status === 412) {
                errors.show({message: t('task.stale')});
            } else {
                errors.show(error);
            }
        } finally {
            submit.disabled = false;
        }
    });
    setTimeout(() => subject.focus(), 0);
    return form;
}

function reminderLabel(t, minutes) {
    if (minutes === 0) {
        return t('task.reminder.atDue');
    }
    if (minutes % 1440 === 0) {
        return t('task.reminder.days', {n: minutes / 1440});
    }
    if (minutes % 60 === 0) {
        return t('task.reminder.hours', {n: minutes / 60});
    }
    return t('task.reminder.minutes', {n: minutes});
}
