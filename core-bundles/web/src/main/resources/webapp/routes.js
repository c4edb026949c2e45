// Every core page, by area. Each area lists its routes in pages/<area>/routes.js:
//
//   {path: '/customers/:id',            a hash path; ':name' parts become params.name (decoded)
//    title: 'customer.title',           message key of the document title
//    nav: {id, label, order, visible},  optional: a navigation entry (label is a message key; order sorts core
//                                       entries and plugin modules together; visible(me) may hide it)
//    render: async (page, ctx, params, query) => cleanup | undefined}
//
// render fills `page` (an empty <div> in <main>) and may return a function run when the user leaves the page.

import {routes as dashboard} from './pages/dashboard/routes.js';
import {routes as customers} from './pages/customers/routes.js';
import {routes as leads} from './pages/leads/routes.js';
import {routes as imports} from './pages/imports/routes.js';
import {routes as activities} from './pages/activities/routes.js';
import {routes as profile} from './pages/profile/routes.js';
import {routes as admin} from './pages/admin/routes.js';

export const ROUTES = [...dashboard, ...customers, ...leads, ...imports, ...activities, ...profile, ...admin]
    .map((route) => ({...route, pattern: compile(route.path)}));

function compile(path) {
    const names = [];
    const source = path.split('/').map((part) => {
        if (part.startsWith(':')) {
            names.push(part.slice(1));
            return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('/');
    return {regex: new RegExp(`^${source}$`), names};
}

/** The route for a path and its params, or null. */
export function findRoute(path) {
    for (const route of ROUTES) {
        const match = route.pattern.regex.exec(path);
        if (match) {
            const params = {};
            route.pattern.names.forEach((name, index) => {
                params[name] = decodeURIComponent(match[index + 1]);
            });
            return {route, params};
        }
    }
    return null;
}

/** The core navigation entries the user may see, unsorted: {id, route, label, order}. */
export function coreNavEntries(me) {
    return ROUTES.filter((route) => route.nav && (!route.nav.visible || route.nav.visible(me)))
        .map((route) => ({id: route.nav.id, route: route.path, label: route.nav.label, order: route.nav.order}));
}
