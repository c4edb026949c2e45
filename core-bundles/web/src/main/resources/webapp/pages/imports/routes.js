// Routes of the imports pages. See ../../routes.js for the shape of a route.

export const routes = [];
