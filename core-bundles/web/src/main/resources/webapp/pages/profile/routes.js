// Routes of the profile pages. See ../../routes.js for the shape of a route.

export const routes = [];
