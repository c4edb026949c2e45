// Routes of the admin pages. See ../../routes.js for the shape of a route.

import {visibleTabs} from './shared.js';

const page = (file, render) => async (element, ctx, params, query) => (await import(file))[render](element, ctx, params, query);

export const routes = [
    {
        path: '/admin', title: 'admin.title',
        nav: {id: 'core.admin', label: 'admin.nav', order: 90, visible: (me) => visibleTabs(me).length > 0},
        // the area has no page of its own: the first tab the user may see
        render: async (element, ctx) => {
            const [first] = visibleTabs(ctx.me);
            if (first) {
                location.replace(`#${first.path}`);
            } else {
                element.append(ctx.h('h1', {}, ctx.t('admin.title')),
                    ctx.h('p', {class: 'form-error', role: 'alert'}, ctx.t('admin.forbidden')));
            }
        },
    },
    {path: '/admin/users', title: 'admin.users.title', render: page('./users.js', 'renderUsers')},
    {path: '/admin/users/:id', title: 'admin.user.title', render: page('./user.js', 'renderUser')},
    {path: '/admin/roles', title: 'admin.roles.title', render: page('./roles.js', 'renderRoles')},
    {path: '/admin/teams', title: 'admin.teams.title', render: page('./teams.js', 'renderTeams')},
    {path: '/admin/custom-fields', title: 'admin.fields.title', render: page('./custom-fields.js', 'renderCustomFields')},
    {path: '/admin/modules', title: 'admin.modules.title', render: page('./modules.js', 'renderModules')},
    {path: '/admin/recycle-bin', title: 'admin.bin.title', render: page('./recycle-bin.js', 'renderRecycleBin')},
    {path: '/admin/audit', title: 'admin.audit.title', render: page('./audit.js', 'renderAudit')},
];
