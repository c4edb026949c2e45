// Routes of the customer pages. See ../../routes.js for the shape of a route.

export const routes = [
    {
        path: '/customers', title: 'customers.title', nav: {id: 'core.customers', label: 'nav.customers', order: 20},
        render: async (page, ctx, params, query) => (await import('./customers.js')).renderCustomers(page, ctx, query),
    },
    {
        path: '/customers/:id', title: 'customer.title',
        render: async (page, ctx, params) => (await import('./customer.js')).renderCustomer(page, ctx, params.id),
    },
];
