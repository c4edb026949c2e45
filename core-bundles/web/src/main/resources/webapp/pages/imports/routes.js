// Routes of the import wizard. See ../../routes.js for the shape of a route.

import {can} from '../leads/common.js';

export const routes = [
    {
        path: '/import', title: 'imports.title',
        nav: {id: 'core.import', label: 'imports.nav', order: 60, visible: (me) => can(me, 'customers:import')},
        render: async (page, ctx) => (await import('./wizard.js')).renderImport(page, ctx, null),
    },
    {
        path: '/import/:id', title: 'imports.title',
        render: async (page, ctx, params) => (await import('./wizard.js')).renderImport(page, ctx, params.id),
    },
];
