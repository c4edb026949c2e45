// Routes of the leads pages. See ../../routes.js for the shape of a route.

export const routes = [];
