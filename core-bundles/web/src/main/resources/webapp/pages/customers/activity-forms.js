// Working with a customer from its 360 page: log a call, a meeting or a note, plan a task, see the open tasks,
// and the merged timeline. Local times are sent as startLocal/dueLocal: the server reads them in the user's zone.

import {fieldErrors} from '../forms.js';
import {errorLine} from './shared.js';

const TIMELINE_PAGE = 20;
const ACTIVITY_TYPES = ['CALL', 'EMAIL', 'MEETING', 'TASK', 'NOTE', 'VISIT'];

function kindLabel(t, kind) {
    return ACTIVITY_TYPES.includes(kind) ? t(`activity.${kind}`) : kind;
}

const link = (customerId) => [{recordType: 'customer', recordId: customerId}];

export async function loadTimeline(ctx, customerId, list, more, cursor, replace) {
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

export function callForm(ctx, customerId, onLogged) {
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
        const activity = {type: 'CALL', status: 'DONE', subject: subject.value.trim(), direction: direction.value,
            links: link(customerId)};
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

/** A meeting (with its start and length) or a note (just text), logged as done. */
export function meetingOrNoteForm(ctx, customerId, onLogged) {
    const {h, t, uid, api, localNow} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const done = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'activity-logged'});
    const errors = fieldErrors(h, t, general);
    const ids = {type: uid('type'), subject: uid('subject'), start: uid('start'), duration: uid('duration'),
        body: uid('body')};
    const type = h('select', {id: ids.type, name: 'type'},
        h('option', {value: 'MEETING'}, t('activity.MEETING')), h('option', {value: 'NOTE'}, t('activity.NOTE')));
    const subject = h('input', {id: ids.subject, name: 'subject', maxlength: '200'});
    const start = h('input', {id: ids.start, name: 'start', type: 'datetime-local', value: localNow()});
    const duration = h('input', {id: ids.duration, name: 'durationMinutes', type: 'number', min: '0', step: '5',
        inputmode: 'numeric', value: '30'});
    const body = h('textarea', {id: ids.body, name: 'body', rows: '3'});
    const meetingOnly = [
        errors.field('startLocal', h('label', {for: ids.start}, t('call.when')), start, ['startAt', 'endAt']),
        errors.field('durationMinutes', h('label', {for: ids.duration}, t('call.duration')), duration),
    ];
    type.addEventListener('change', () => meetingOnly.forEach((field) => {
        field.hidden = type.value !== 'MEETING';
    }));
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'activity-form'},
        errors.field('type', h('label', {for: ids.type}, t('cust.activityType')), type),
        errors.field('subject', h('label', {for: ids.subject}, t('call.subject')), subject),
        meetingOnly,
        errors.field('body', h('label', {for: ids.body}, t('call.notes')), body),
        general, done,
        h('button', {type: 'submit', class: 'primary'}, t('cust.logActivity')));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        done.hidden = true;
        const activity = {type: type.value, status: 'DONE', subject: subject.value.trim(), links: link(customerId)};
        if (type.value === 'MEETING') {
            if (start.value) {
                activity.startLocal = start.value;
            }
            if (duration.value !== '') {
                activity.durationMinutes = Number(duration.value);
            }
        }
        if (body.value.trim()) {
            activity.body = body.value.trim();
        }
        try {
            await api('/activities', {method: 'POST', body: activity});
            subject.value = '';
            body.value = '';
            start.value = localNow();
            done.textContent = t('cust.activityLogged', {type: t(`activity.${activity.type}`)});
            done.hidden = false;
            await onLogged();
        } catch (error) {
            errors.show(error);
        }
    });
    return form;
}

/** A task for this customer, due at a local date and time in the user's zone. */
export function taskForm(ctx, customerId, onCreated) {
    const {h, t, uid, api} = ctx;
    const general = h('p', {class: 'form-error', role: 'alert', hidden: true});
    const done = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'task-created'});
    const errors = fieldErrors(h, t, general);
    const ids = {subject: uid('task-subject'), due: uid('due'), body: uid('task-body')};
    const subject = h('input', {id: ids.subject, name: 'subject', maxlength: '200'});
    const due = h('input', {id: ids.due, name: 'due', type: 'datetime-local'});
    const body = h('textarea', {id: ids.body, name: 'body', rows: '2'});
    const form = h('form', {class: 'card-form', novalidate: true, 'data-testid': 'task-form'},
        errors.field('subject', h('label', {for: ids.subject}, t('call.subject')), subject),
        errors.field('dueLocal', h('label', {for: ids.due}, t('cust.due', {zone: ctx.timeZone})), due, ['dueAt']),
        errors.field('body', h('label', {for: ids.body}, t('call.notes')), body),
        general, done,
        h('button', {type: 'submit', class: 'primary'}, t('cust.createTask')));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        done.hidden = true;
        const task = {type: 'TASK', status: 'OPEN', subject: subject.value.trim(), links: link(customerId)};
        if (due.value) {
            task.dueLocal = due.value;
        }
        if (body.value.trim()) {
            task.body = body.value.trim();
        }
        try {
            await api('/activities', {method: 'POST', body: task});
            subject.value = '';
            due.value = '';
            body.value = '';
            done.textContent = t('cust.taskCreated');
            done.hidden = false;
            await onCreated();
        } catch (error) {
            errors.show(error);
        }
    });
    return form;
}

/** The customer's open tasks, soonest due first as the API orders them; each can be marked done. */
export function openTasks(ctx, customerId) {
    const {h, t, api, formatDateTime} = ctx;
    const list = h('ul', {class: 'tasks', 'data-testid': 'open-tasks'}, h('li', {class: 'muted'}, t('common.loading')));
    async function load() {
        const params = new URLSearchParams({type: 'TASK', status: 'OPEN', linked: `customer:${customerId}`,
            limit: '10'});
        let data;
        try {
            ({data} = await api(`/activities?${params}`));
        } catch (error) {
            list.replaceChildren(h('li', {}, errorLine(h, t, error)));
            return;
        }
        const items = data.items || [];
        const now = Date.now();
        list.replaceChildren(...(items.length === 0 ? [h('li', {class: 'muted'}, t('cust.noTasks'))]
            : items.map((task) => h('li', {class: task.dueAt && Date.parse(task.dueAt) < now ? 'overdue' : ''},
                h('span', {class: 'task-subject'}, task.subject),
                task.dueAt ? h('time', {datetime: task.dueAt, class: 'muted'}, ` · ${formatDateTime(task.dueAt)}`) : null,
                task.dueAt && Date.parse(task.dueAt) < now ? h('span', {class: 'badge cu-warn'}, t('cust.overdue')) : null,
                h('button', {type: 'button', class: 'cu-link-button', 'aria-label': t('cust.completeTask', {subject: task.subject}),
                    onClick: async (event) => {
                        event.target.disabled = true;
                        try {
                            await api(`/activities/${encodeURIComponent(task.id)}`, {method: 'PATCH',
                                body: {status: 'DONE'}, headers: {'Content-Type': 'application/merge-patch+json',
                                    'If-Match': `"${task.version}"`}});
                            await load();
                        } catch (error) {
                            event.target.disabled = false;
                            list.prepend(h('li', {}, errorLine(h, t, error)));
                        }
                    }}, t('cust.done'))))));
        if (data.nextCursor) {
            list.append(h('li', {}, h('a', {href: '#/activities/tasks'}, t('cust.moreTasks'))));
        }
    }
    load();
    return {element: list, reload: load};
}
