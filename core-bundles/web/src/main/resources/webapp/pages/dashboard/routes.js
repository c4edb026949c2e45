// Routes of the home dashboard. See ../../routes.js for the shape of a route.

export const routes = [
    {
        path: '/', title: 'nav.home', nav: {id: 'core.home', label: 'nav.home', order: 10},
        render: async (page, ctx) => (await import('./home.js')).renderHome(page, ctx),
    },
];
