// A week of my schedule (GET /me/schedule) in my time zone: a 7-day grid with events placed by time (tasks due at
// midnight and events across days in a row at the top), a day-by-day list at phone width.

import {activitiesHeader, customerAnchor, customerLink, errorLine} from './shared.js';
import {addDays, formatPlainDate, formatTime, isPlainDate, mondayOf, zonedDate, zonedMinutes} from '../../time.js';

const HOUR_PX = 48;
const MIN_EVENT_MINUTES = 30;
const FIRST_VISIBLE_HOUR = 7;

export async function renderCalendar(page, ctx, query) {
    const {h, t, api, navigate, language, timeZone} = ctx;
    const today = zonedDate(Date.now(), timeZone);
    const week = mondayOf(isPlainDate(query.get('week')) ? query.get('week') : today);
    const days = [0, 1, 2, 3, 4, 5, 6].map((offset) => addDays(week, offset));
    const user = query.get('user') || '';
    const go = (monday, who = user) => navigate(`/activities/calendar?${new URLSearchParams(
        who ? {week: monday, user: who} : {week: monday})}`);

    const range = `${formatPlainDate(days[0], language, {day: 'numeric', month: 'short'})} – ${
        formatPlainDate(days[6], language, {day: 'numeric', month: 'short', year: 'numeric'})}`;
    const details = h('div', {class: 'event-details', 'aria-live': 'polite', 'data-testid': 'event-details'});
    const body = h('div', {class: 'calendar-body'}, h('p', {class: 'muted'}, t('common.loading')));
    page.append(...activitiesHeader(ctx, 'calendar'),
        h('div', {class: 'calendar-head'},
            h('h2', {'data-testid': 'week-range'}, range),
            h('div', {class: 'calendar-nav'},
                h('button', {type: 'button', class: 'secondary', 'data-testid': 'week-prev',
                    'aria-label': t('calendar.previousWeek'), onClick: () => go(addDays(week, -7))}, '‹ ', t('calendar.previous')),
                h('button', {type: 'button', class: 'secondary', 'data-testid': 'week-today', onClick: () => go(mondayOf(today))},
                    t('calendar.today')),
                h('button', {type: 'button', class: 'secondary', 'data-testid': 'week-next',
                    'aria-label': t('calendar.nextWeek'), onClick: () => go(addDays(week, 7))}, t('calendar.next'), ' ›')),
            h('p', {class: 'muted zone-note'}, t('calendar.zone', {zone: timeZone})),
            teamChooser(ctx, week, user, (who) => go(week, who))),
        body, details);

    let schedule;
    try {
        const params = new URLSearchParams({from: days[0], to: days[6], zone: timeZone});
        if (user) {
            params.set('userId', user);
        }
        ({data: schedule} = await api(`/me/schedule?${params}`));
    } catch (error) {
        body.replaceChildren(errorLine(ctx, error));
        return;
    }
    const placed = place(schedule.items || [], days, timeZone);
    const showDetails = (item) => {
        details.replaceChildren(eventDetails(ctx, item));
        details.querySelector('h3').focus();
    };
    body.replaceChildren(
        schedule.truncated ? h('p', {class: 'form-error'}, t('calendar.truncated')) : '',
        weekGrid(ctx, days, today, placed, showDetails),
        dayList(ctx, days, today, placed, showDetails));
    const scroller = body.querySelector('.week-scroll');
    if (scroller) {
        scroller.scrollTop = FIRST_VISIBLE_HOUR * HOUR_PX - 8; // the hour's label sits just above its line
    }
}

/**
 * For managers: whose calendar to show. The users the caller's activity scope covers come from the team work
 * summary; someone who sees only their own activities gets no chooser at all.
 */
function teamChooser(ctx, week, user, onChoose) {
    const {h, t, uid, api, me, timeZone} = ctx;
    const holder = h('div', {class: 'team-chooser'});
    api(`/me/team/work-summary?${new URLSearchParams({period: 'week', date: week, zone: timeZone})}`).then(({data}) => {
        const others = (data.members || []).filter((member) => member.userId !== (me && me.id));
        if (others.length === 0 && !user) {
            return;
        }
        const id = uid('calendar-user');
        const select = h('select', {id, 'data-testid': 'calendar-user', onChange: () => onChoose(select.value)},
            h('option', {value: '', selected: !user}, t('calendar.mine')),
            others.sort((a, b) => (a.displayName || '').localeCompare(b.displayName || ''))
                .map((member) => h('option', {value: member.userId, selected: member.userId === user},
                    member.displayName || member.userId)));
        holder.append(h('label', {for: id}, t('calendar.whose')), select);
    }).catch(() => {
        // no team summary (no scope beyond oneself, or the module answers nothing): only one's own calendar
    });
    return holder;
}

/** Splits the items into {allDay: {date: [item]}, timed: {date: [{item, top, height, lane, lanes}]}}. */
function place(items, days, zone) {
    const allDay = Object.fromEntries(days.map((day) => [day, []]));
    const timed = Object.fromEntries(days.map((day) => [day, []]));
    for (const item of items) {
        const start = item.startAt || item.dueAt;
        if (!start) {
            continue;
        }
        const startMillis = Date.parse(start);
        const endMillis = item.endAt ? Date.parse(item.endAt) : startMillis;
        const startDay = zonedDate(startMillis, zone);
        const endDay = zonedDate(Math.max(startMillis, endMillis - 1), zone);
        const untimedTask = !item.startAt && zonedMinutes(startMillis, zone) === 0;
        if (startDay !== endDay || untimedTask) {
            days.filter((day) => day >= startDay && day <= endDay).forEach((day) => allDay[day].push(item));
            continue;
        }
        if (!timed[startDay]) {
            continue;
        }
        const from = zonedMinutes(startMillis, zone);
        const minutes = Math.max(MIN_EVENT_MINUTES, Math.round((endMillis - startMillis) / 60000));
        timed[startDay].push({item, from, to: Math.min(1440, from + minutes)});
    }
    Object.values(timed).forEach(assignLanes);
    return {allDay, timed};
}

/** Side by side for events that overlap: each cluster of overlapping events shares the column's width. */
function assignLanes(events) {
    events.sort((a, b) => a.from - b.from || b.to - a.to);
    let cluster = [];
    let clusterEnd = -1;
    const close = () => {
        const lanes = Math.max(1, ...cluster.map((event) => event.lane + 1));
        cluster.forEach((event) => {
            event.lanes = lanes;
        });
        cluster = [];
    };
    for (const event of events) {
        if (event.from >= clusterEnd) {
            close();
        }
        const used = new Set(cluster.filter((other) => other.to > event.from).map((other) => other.lane));
        let lane = 0;
        while (used.has(lane)) {
            lane += 1;
        }
        event.lane = lane;
        cluster.push(event);
        clusterEnd = Math.max(clusterEnd, event.to);
    }
    close();
}

function eventTime(ctx, item, compact) {
    const {t, language, timeZone} = ctx;
    if (item.startAt && item.endAt) {
        return `${formatTime(item.startAt, language, timeZone)}–${formatTime(item.endAt, language, timeZone)}`;
    }
    if (item.startAt) {
        return formatTime(item.startAt, language, timeZone);
    }
    // in the week grid space is short: a task's time alone, its kind shows in its colour
    return compact ? formatTime(item.dueAt, language, timeZone) : t('calendar.due', {time: formatTime(item.dueAt, language, timeZone)});
}

/** One event: a link to its customer, or a button showing its details. */
function eventElement(ctx, item, showDetails, extraClass) {
    const {h, t} = ctx;
    const link = customerLink(item.links);
    const classes = ['event', `type-${item.type.toLowerCase()}`, `status-${item.status.toLowerCase()}`,
        item.overdue ? 'overdue' : '', extraClass || ''].filter(Boolean).join(' ');
    const compact = (extraClass || '').split(' ').includes('timed');
    const content = [h('span', {class: 'event-time', 'data-testid': 'event-time'}, eventTime(ctx, item, compact)), ' ',
        h('span', {class: 'event-subject'}, item.subject),
        h('span', {class: 'visually-hidden'}, ` (${t(`activity.${item.type}`)})`)];
    const attrs = {class: classes, 'data-testid': 'calendar-event', 'data-activity-id': item.id,
        title: `${eventTime(ctx, item)} ${item.subject}`};
    return link
        ? h('a', {...attrs, href: `#/customers/${encodeURIComponent(link.recordId)}`}, content)
        : h('button', {...attrs, type: 'button', onClick: () => showDetails(item)}, content);
}

function dayHeading(ctx, day, today) {
    const {h, t, language} = ctx;
    return [formatPlainDate(day, language, {weekday: 'short'}), ' ',
        h('span', {class: 'day-number'}, formatPlainDate(day, language, {day: 'numeric', month: 'numeric'})),
        day === today ? h('span', {class: 'visually-hidden'}, ` (${t('calendar.today')})`) : null];
}

function weekGrid(ctx, days, today, placed, showDetails) {
    const {h, t} = ctx;
    const hours = Array.from({length: 24}, (unused, hour) => hour);
    const columns = days.map((day) => {
        const column = h('div', {class: `day-column${day === today ? ' today' : ''}`, 'data-day': day},
            hours.map(() => h('div', {class: 'hour-cell'})));
        for (const event of placed.timed[day]) {
            const element = eventElement(ctx, event.item, showDetails,
                event.to - event.from < 45 ? 'timed short' : 'timed');
            element.style.top = `${(event.from / 60) * HOUR_PX}px`;
            element.style.height = `${((event.to - event.from) / 60) * HOUR_PX - 2}px`;
            element.style.left = `${(event.lane / event.lanes) * 100}%`;
            element.style.width = `calc(${100 / event.lanes}% - 2px)`;
            column.append(element);
        }
        return column;
    });
    const formatter = new Intl.DateTimeFormat(ctx.language, {hour: 'numeric', timeZone: 'UTC'});
    return h('div', {class: 'week-grid', 'data-testid': 'week-grid'},
        h('div', {class: 'week-row week-header'}, h('div', {class: 'gutter'}),
            days.map((day) => h('div', {class: `day-head${day === today ? ' today' : ''}`}, dayHeading(ctx, day, today)))),
        h('div', {class: 'week-row all-day'}, h('div', {class: 'gutter muted'}, t('calendar.allDay')),
            days.map((day) => h('div', {class: 'all-day-cell', 'data-day': day},
                placed.allDay[day].map((item) => eventElement(ctx, item, showDetails, 'untimed'))))),
        h('div', {class: 'week-scroll'},
            h('div', {class: 'week-row week-body'},
                h('div', {class: 'gutter hours'}, hours.map((hour) => h('div', {class: 'hour-label'},
                    hour === 0 ? '' : formatter.format(new Date(Date.UTC(2026, 0, 1, hour)))))),
                columns)));
}

function dayList(ctx, days, today, placed, showDetails) {
    const {h, t} = ctx;
    return h('ol', {class: 'day-list', 'data-testid': 'day-list'}, days.map((day) => {
        const items = [...placed.allDay[day].map((item) => ({item, untimed: true})),
            ...placed.timed[day].slice().sort((a, b) => a.from - b.from)];
        return h('li', {class: `day${day === today ? ' today' : ''}`},
            h('h3', {}, dayHeading(ctx, day, today)),
            items.length === 0 ? h('p', {class: 'muted'}, t('calendar.free'))
                : h('ul', {}, items.map(({item, untimed}) => h('li', {},
                    eventElement(ctx, item, showDetails, untimed ? 'untimed' : 'listed')))));
    }));
}

function eventDetails(ctx, item) {
    const {h, t, formatDateTime} = ctx;
    const rows = [
        [t('calendar.type'), t(`activity.${item.type}`)],
        [t('calendar.when'), item.startAt ? [formatDateTime(item.startAt), item.endAt ? ` – ${formatDateTime(item.endAt)}` : '']
            : formatDateTime(item.dueAt)],
        [t('calendar.status'), t(`task.status.${item.status}`)],
        [t('log.location'), item.location || ''],
        [t('task.reminder'), item.reminderAt ? formatDateTime(item.reminderAt) : ''],
    ].filter(([, value]) => value !== '');
    const link = customerLink(item.links);
    return h('section', {class: 'panel'},
        h('h3', {tabindex: '-1'}, item.subject, item.overdue ? h('span', {class: 'badge badge-danger'}, t('task.overdue')) : null),
        h('dl', {class: 'profile'}, rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
        link ? h('p', {}, customerAnchor(ctx, link.recordId)) : null,
        item.type === 'TASK' ? h('p', {}, h('a', {href: '#/activities/tasks'}, t('calendar.toTasks'))) : null);
}
