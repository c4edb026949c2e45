// My tasks (GET /me/tasks): soonest due first, overdue ones marked, filtered by state, paged with the cursor;
// complete, reopen, cancel, create and edit.

import {activitiesHeader, customerAnchor, customerLink, errorLine} from './shared.js';
import {taskForm} from './task-form.js';

const PAGE_SIZE = 25;
const FILTERS = ['open', 'overdue', 'done', 'cancelled', 'all'];

function filterQuery(filter) {
    switch (filter) {
    case 'overdue': return {overdue: 'true'};
    case 'done': return {status: 'DONE'};
    case 'cancelled': return {status: 'CANCELLED'};
    case 'all': return {status: 'ALL'};
    default: return {status: 'OPEN'};
    }
}

export async function renderTasks(page, ctx, query) {
    const {h, t, uid, navigate} = ctx;
    const filter = FILTERS.includes(query.get('filter')) ? query.get('filter') : 'open';
    const formArea = h('div', {class: 'task-form-area'});
    const notice = h('p', {class: 'notice', role: 'status', hidden: true, 'data-testid': 'task-notice'});
    const list = h('ul', {class: 'task-list', 'data-testid': 'tasks', 'aria-live': 'polite'});
    const more = h('div', {class: 'pager'});
    const newButton = h('button', {type: 'button', class: 'primary', 'data-testid': 'new-task',
        onClick: () => openForm(null, null)}, t('task.new'));

    function closeForm(focus) {
        formArea.replaceChildren();
        if (focus) {
            focus.focus();
        }
    }

    function openForm(task, etag, returnTo) {
        notice.hidden = true;
        formArea.replaceChildren(taskForm(ctx, {task, etag,
            onSaved: async (saved) => {
                closeForm();
                notice.textContent = task ? t('task.saved', {subject: saved.subject})
                    : t('task.created', {subject: saved.subject});
                notice.hidden = false;
                await load(null, true);
                newButton.focus();
            },
            onCancel: () => closeForm(returnTo || newButton)}));
        formArea.scrollIntoView({block: 'nearest'});
    }

    const filterId = uid('task-filter');
    const filterSelect = h('select', {id: filterId, 'data-testid': 'task-filter',
        onChange: () => navigate(`/activities/tasks?filter=${filterSelect.value}`)},
    FILTERS.map((value) => h('option', {value, selected: value === filter}, t(`task.filter.${value}`))));

    page.append(...activitiesHeader(ctx, 'tasks', newButton), formArea, notice,
        h('div', {class: 'toolbar'}, h('label', {for: filterId}, t('task.filter')), filterSelect),
        list, more);

    async function load(cursor, replace) {
        const params = new URLSearchParams({limit: String(PAGE_SIZE), ...filterQuery(filter)});
        if (cursor) {
            params.set('cursor', cursor);
        }
        if (replace) {
            list.setAttribute('aria-busy', 'true');
            if (list.children.length === 0) {
                list.append(h('li', {class: 'muted'}, t('common.loading')));
            }
        }
        let data;
        try {
            ({data} = await ctx.api(`/me/tasks?${params}`));
        } catch (error) {
            list.replaceChildren(h('li', {}, errorLine(ctx, error)));
            return;
        } finally {
            list.removeAttribute('aria-busy');
        }
        const rows = (data.items || []).map((task) => taskRow(ctx, task, {
            onEdit: (button) => editTask(task, button),
            onChanged: (message) => {
                notice.textContent = message;
                notice.hidden = false;
                return load(null, true);
            },
        }));
        if (replace) {
            list.replaceChildren(...rows);
        } else {
            list.append(...rows);
        }
        if (list.children.length === 0) {
            list.append(h('li', {class: 'empty', 'data-testid': 'no-tasks'}, t(`task.empty.${filter}`)));
        }
        more.replaceChildren();
        if (data.nextCursor) {
            more.append(h('button', {type: 'button', class: 'secondary', 'data-testid': 'more-tasks',
                onClick: (event) => {
                    event.target.disabled = true;
                    load(data.nextCursor, false);
                }}, t('task.more')));
        }
    }

    async function editTask(task, button) {
        try {
            const {data, etag} = await ctx.api(`/activities/${encodeURIComponent(task.id)}`);
            openForm(data, etag, button);
        } catch (error) {
            notice.hidden = true;
            formArea.replaceChildren(errorLine(ctx, error));
        }
    }

    await load(null, true);
}

function taskRow(ctx, task, {onEdit, onChanged}) {
    const {h, t, api, formatDateTime} = ctx;
    const overdue = task.status === 'OPEN' && task.dueAt && Date.parse(task.dueAt) < Date.now();
    const error = h('p', {class: 'form-error', role: 'alert', hidden: true});

    async function setStatus(status, button) {
        button.disabled = true;
        error.hidden = true;
        try {
            await api(`/activities/${encodeURIComponent(task.id)}`, {method: 'PATCH', body: {status},
                headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': `"${task.version}"`}});
            await onChanged(t(`task.changed.${status}`, {subject: task.subject}));
        } catch (failure) {
            button.disabled = false;
            error.textContent = failure.status === 412 ? t('task.stale') : t('error.generic', {detail: failure.message});
            error.hidden = false;
        }
    }

    const actions = [];
    if (task.status === 'OPEN') {
        actions.push(h('button', {type: 'button', class: 'primary', 'data-testid': 'task-complete',
            onClick: (event) => setStatus('DONE', event.currentTarget)}, t('task.complete')));
        actions.push(h('button', {type: 'button', class: 'secondary', 'data-testid': 'task-cancel',
            onClick: (event) => setStatus('CANCELLED', event.currentTarget)}, t('task.cancel')));
    } else {
        actions.push(h('button', {type: 'button', class: 'secondary', 'data-testid': 'task-reopen',
            onClick: (event) => setStatus('OPEN', event.currentTarget)}, t('task.reopen')));
    }
    actions.push(h('button', {type: 'button', class: 'secondary', 'data-testid': 'task-edit',
        onClick: (event) => onEdit(event.currentTarget)}, t('task.edit')));

    const link = customerLink(task.links);
    return h('li', {class: `task${overdue ? ' overdue' : ''} status-${task.status.toLowerCase()}`,
        'data-testid': 'task', 'data-task-id': task.id},
    h('div', {class: 'task-main'},
        h('strong', {class: 'task-subject'}, task.subject),
        h('div', {class: 'task-meta'},
            task.dueAt ? h('time', {datetime: task.dueAt, 'data-testid': 'task-due'},
                t('task.dueAt', {when: formatDateTime(task.dueAt)})) : h('span', {class: 'muted'}, t('task.noDue')),
            overdue ? h('span', {class: 'badge badge-danger'}, t('task.overdue')) : null,
            task.status !== 'OPEN' ? h('span', {class: 'badge'}, t(`task.status.${task.status}`)) : null,
            task.recurrence ? h('span', {class: 'badge', title: t(`task.repeat.${task.recurrence.frequency}`)},
                t('task.recurring')) : null,
            task.reminderAt ? h('span', {class: 'muted'}, t('task.remindAt', {when: formatDateTime(task.reminderAt)}))
                : null,
            link ? customerAnchor(ctx, link.recordId) : null)),
    h('div', {class: 'task-actions'}, actions),
    error);
}
