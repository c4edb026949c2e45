// Routes of the customer pages. See ../../routes.js for the shape of a route.

import {can} from './shared.js';

export const routes = [
    {
        path: '/customers', title: 'customers.title', nav: {id: 'core.customers', label: 'nav.customers', order: 20},
        render: async (page, ctx, params, query) => (await import('./customers.js')).renderCustomers(page, ctx, query),
    },
    {
        path: '/customers/:id', title: 'customer.title',
        render: async (page, ctx, params) => (await import('./customer.js')).renderCustomer(page, ctx, params.id),
    },
    {
        path: '/contacts', title: 'cust.contactsTitle', nav: {id: 'core.contacts', label: 'cust.contactsNav', order: 25,
            visible: (me) => can(me, 'contacts:read')},
        render: async (page, ctx, params, query) => (await import('./contacts.js')).renderContacts(page, ctx, query),
    },
    {
        path: '/pool', title: 'cust.poolTitle', nav: {id: 'core.pool', label: 'cust.poolNav', order: 35,
            visible: (me) => can(me, 'customers:read')},
        render: async (page, ctx, params, query) => (await import('./pool.js')).renderPool(page, ctx, query),
    },
];
