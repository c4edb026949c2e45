// Routes of the leads pages. See ../../routes.js for the shape of a route.

export const routes = [
    {
        path: '/leads', title: 'leads.title', nav: {id: 'core.leads', label: 'leads.nav', order: 30},
        render: async (page, ctx, params, query) => (await import('./list.js')).renderLeads(page, ctx, query),
    },
    {
        // before /leads/:id, which would take 'rules' for an id
        path: '/leads/rules', title: 'leads.rules.title',
        render: async (page, ctx) => (await import('./rules.js')).renderRules(page, ctx),
    },
    {
        path: '/leads/:id', title: 'leads.lead.title',
        render: async (page, ctx, params) => (await import('./lead.js')).renderLead(page, ctx, params.id),
    },
    {
        path: '/leads/:id/convert', title: 'leads.convert.title',
        render: async (page, ctx, params) => (await import('./convert.js')).renderConvert(page, ctx, params.id),
    },
];
