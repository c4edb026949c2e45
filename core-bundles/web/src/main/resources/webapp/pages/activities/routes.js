// Routes of the activities pages. See ../../routes.js for the shape of a route.

export const routes = [];
