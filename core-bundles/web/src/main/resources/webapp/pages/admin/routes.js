// Routes of the admin pages. See ../../routes.js for the shape of a route.

export const routes = [];
