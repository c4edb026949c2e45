// Routes of the activities pages. See ../../routes.js for the shape of a route.
// Each tab of the activities page is a route of its own, so it can be bookmarked and linked.

/** Whether a granted permission pattern ('*', 'activities:*', '*:read', 'activities:read') allows reading activities. */
function allowsRead(granted) {
    const [area, action] = String(granted).split(':');
    return granted === '*' || ((area === '*' || area === 'activities') && (action === '*' || action === 'read'));
}

const canRead = (me) => Boolean(me && (me.permissions || []).some(allowsRead));

export const routes = [
    {
        path: '/activities', title: 'activities.title',
        nav: {id: 'core.activities', label: 'nav.activities', order: 40, visible: canRead},
        render: async (page, ctx, params, query) => (await import('./tasks.js')).renderTasks(page, ctx, query),
    },
    {
        path: '/activities/tasks', title: 'task.title',
        render: async (page, ctx, params, query) => (await import('./tasks.js')).renderTasks(page, ctx, query),
    },
    {
        path: '/activities/log', title: 'log.title',
        render: async (page, ctx, params, query) => (await import('./log.js')).renderLog(page, ctx, query),
    },
    {
        path: '/activities/calendar', title: 'calendar.title',
        render: async (page, ctx, params, query) => (await import('./calendar.js')).renderCalendar(page, ctx, query),
    },
    {
        path: '/notifications', title: 'notifications.title',
        nav: {id: 'core.notifications', label: 'nav.notifications', order: 45},
        render: async (page, ctx, params, query) =>
            (await import('./notifications.js')).renderNotifications(page, ctx, query),
    },
];
