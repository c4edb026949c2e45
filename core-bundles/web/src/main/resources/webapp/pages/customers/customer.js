// One customer's 360 page: profile (edit, delete, owner actions), contacts, hierarchy, open tasks, logging calls,
// meetings and notes, the timeline, and the panels installed modules contribute.

import {callForm, loadTimeline, meetingOrNoteForm, openTasks, taskForm} from './activity-forms.js';
import {contactsSection} from './contacts-panel.js';
import {breadcrumb, hierarchySection} from './hierarchy.js';
import {overviewSection} from './overview.js';
import {editForm, ownerActions, profileView} from './profile-edit.js';
import {can} from './shared.js';

export async function renderCustomer(page, ctx, id, notice = null) {
    const {h, t, api, ApiError} = ctx;
    let customer;
    let etag;
    try {
        ({data: customer, etag} = await api(`/customers/${encodeURIComponent(id)}`));
    } catch (error) {
        const gone = error instanceof ApiError && error.status === 404;
        const merged = gone && error.problem && error.problem.mergedInto;
        page.append(h('p', {}, h('a', {href: '#/customers', class: 'back'}, t('customer.back'))),
            h('h1', {}, gone ? t('customer.notFound') : t('customer.title')),
            h('p', {role: 'alert', class: gone ? '' : 'form-error'},
                gone ? t('customer.notFoundText') : t('error.generic', {detail: error.message})),
            merged ? h('p', {}, h('a', {href: `#/customers/${encodeURIComponent(merged)}`}, t('cust.mergedInto')))
                : null);
        return;
    }
    const rerender = (message) => {
        page.replaceChildren();
        return renderCustomer(page, ctx, id, message);
    };

    const profileBody = h('div', {}, profileView(ctx, customer));
    let parent = null;
    if (customer.parentId) {
        parent = await api(`/customers/${encodeURIComponent(customer.parentId)}`).then(({data}) => data)
            .catch(() => ({id: customer.parentId, name: customer.parentId}));
    }
    const showEdit = () => {
        profileBody.replaceChildren(editForm(ctx, customer, etag, parent, {
            onSaved: () => rerender(t('cust.saved')),
            onCancel: () => {
                profileBody.replaceChildren(profileView(ctx, customer));
                page.querySelector('[data-testid=edit-customer]')?.focus();
            },
            onReload: () => rerender(null),
        }));
        profileBody.querySelector('input').focus();
    };

    const timeline = h('ol', {class: 'timeline', 'data-testid': 'timeline'});
    const more = h('div', {class: 'pager'});
    const refreshTimeline = () => loadTimeline(ctx, customer.id, timeline, more, null, true);
    const tasks = openTasks(ctx, customer.id);
    const writesActivities = can(ctx.me, 'activities:write');

    // h() leaves out null children (the native append would print them)
    page.append(h('div', {class: 'customer-page'},
        breadcrumb(ctx, customer),
        h('div', {class: 'page-head customer-head'},
            h('div', {},
                h('h1', {'data-testid': 'customer-name'}, customer.name),
                h('p', {class: 'head-badges'},
                    customer.stage ? h('span', {class: 'badge'}, t(`stage.${customer.stage}`)) : null,
                    customer.ownerId ? null : h('span', {class: 'badge pool-badge'}, t('cust.pool')))),
            ownerActions(ctx, customer, etag, {onEdit: showEdit, done: () => rerender(null)})),
        notice ? h('p', {class: 'notice', role: 'status', 'data-testid': 'customer-notice'}, notice) : null,
        h('div', {class: 'columns'},
            h('section', {'aria-labelledby': 'profile-h', class: 'panel'},
                h('h2', {id: 'profile-h'}, t('customer.profile')), profileBody),
            contactsSection(ctx, customer.id),
            hierarchySection(ctx, customer),
            h('section', {'aria-labelledby': 'tasks-h', class: 'panel'},
                h('h2', {id: 'tasks-h'}, t('cust.openTasks')), tasks.element,
                writesActivities ? disclosure(ctx, t('cust.newTask'), 'new-task',
                    () => taskForm(ctx, customer.id, async () => {
                        await tasks.reload();
                        await refreshTimeline();
                    })) : null),
            writesActivities ? h('section', {'aria-labelledby': 'call-h', class: 'panel'},
                h('h2', {id: 'call-h'}, t('call.title')), callForm(ctx, customer.id, refreshTimeline)) : null,
            writesActivities ? h('section', {'aria-labelledby': 'activity-h', class: 'panel'},
                h('h2', {id: 'activity-h'}, t('cust.logMeetingOrNote')),
                meetingOrNoteForm(ctx, customer.id, refreshTimeline)) : null,
            h('section', {'aria-labelledby': 'timeline-h', class: 'panel wide-panel'},
                h('h2', {id: 'timeline-h'}, t('timeline.title')), timeline, more)),
        h('h2', {class: 'section-title'}, t('cust.overview')),
        overviewSection(ctx, customer.id)));
    await refreshTimeline();
}

/** A button that shows a form below itself, and hides it again. */
function disclosure(ctx, label, testid, build) {
    const {h} = ctx;
    const area = h('div', {});
    const button = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false', 'data-testid': testid,
        onClick: () => {
            const open = button.getAttribute('aria-expanded') !== 'true';
            button.setAttribute('aria-expanded', String(open));
            area.replaceChildren(open ? build() : '');
            if (open) {
                area.querySelector('input')?.focus();
            }
        }}, label);
    return h('div', {class: 'disclosure'}, button, area);
}
