// Routes of the profile pages. See ../../routes.js for the shape of a route.
// No navigation entry: the user's name in the top bar links here.

export const routes = [
    {
        path: '/profile', title: 'profile.title',
        render: async (page, ctx, params, query) => (await import('./profile.js')).renderProfile(page, ctx, query),
    },
];
