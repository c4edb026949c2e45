// The shell: sign-in state, navigation (core pages and plugin modules), the hash router, language switching.

import {api, ApiError, hasCsrfToken, onLicenseWarning, onSessionLost, setCsrfToken} from './api.js';
import {h, uid} from './dom.js';
import {formatDate, formatDateTime, formatMoney, formatNumber, getLanguage, getTimeZone, LANGUAGES, localNow,
    onLanguageChange, pickLanguage, setLanguage, setTimeZone, t} from './i18n.js';
import {renderLogin} from './pages/login.js';
import {renderModule} from './pages/module.js';
import {coreNavEntries, findRoute} from './routes.js';

const MODULE_POLL_MS = 10000;

const state = {
    me: null,
    meEtag: null,
    modules: [],
    modulesKey: '',
    notice: null,       // message for the sign-in page (session expired, signed out)
    afterLogin: null,   // the route to return to after signing in
    cleanup: null,      // what the current page wants run when it is left
    poll: null,
    quiet: false,       // signing in sets the language itself; no re-render for that
    licenseWarning: null, // the server's license warning while the license expires or is in its grace period
};

const root = document.getElementById('app');

/** The current route: '#/customers/abc?q=x' → {path: '/customers/abc', query: URLSearchParams}. */
function currentRoute() {
    const hash = location.hash.startsWith('#') ? location.hash.slice(1) : '';
    const [path, query] = (hash || '/').split('?');
    return {path: path || '/', query: new URLSearchParams(query || '')};
}

export function navigate(path) {
    if (location.hash === `#${path}`) {
        route();
    } else {
        location.hash = path;
    }
}

/** What pages get: the REST client, messages, formatting, the safe element builder and the signed-in user. */
function context() {
    return {
        api, ApiError, h, uid, t, navigate,
        language: getLanguage(), timeZone: getTimeZone(), formatDate, formatDateTime, formatNumber, formatMoney,
        localNow, me: state.me,
        modules: state.modules,
        /** After the profile changed (locale, time zone, name): keeps it and re-renders what depends on it. */
        profileChanged: (me, etag) => profileChanged(me, etag),
    };
}

async function profileChanged(me, etag) {
    state.me = me;
    state.meEtag = etag || state.meEtag;
    setTimeZone(me.timeZone);
    if (pickLanguage(me.locale) !== getLanguage()) {
        await setLanguage(pickLanguage(me.locale)); // re-renders the shell and the page
    } else {
        renderShell();
        await route();
    }
}

function signedIn() {
    return state.me !== null && hasCsrfToken();
}

async function refreshModules() {
    if (!signedIn()) {
        return;
    }
    try {
        const {data} = await api('/ui/modules');
        const modules = data.items || [];
        const key = JSON.stringify(modules);
        if (key !== state.modulesKey) {
            state.modules = modules;
            state.modulesKey = key;
            renderNav();
        }
    } catch (error) {
        if (!(error instanceof ApiError)) {
            console.warn('module list', error);
        }
    }
}

function startPolling() {
    stopPolling();
    state.poll = setInterval(refreshModules, MODULE_POLL_MS);
}

function stopPolling() {
    if (state.poll) {
        clearInterval(state.poll);
        state.poll = null;
    }
}

function moduleFor(path) {
    return state.modules.find((module) => path === module.route || path.startsWith(`${module.route}/`));
}

function languageSelect(onChange) {
    const id = uid('language');
    const select = h('select', {id, class: 'language', 'data-testid': 'language',
        onChange: (event) => onChange(event.target.value)},
    LANGUAGES.map((language) => h('option', {value: language.tag, lang: language.tag,
        selected: language.tag === getLanguage()}, language.name)));
    return h('span', {class: 'language-choice'}, h('label', {for: id, class: 'visually-hidden'}, t('shell.language')),
        select);
}

/** Changes the UI language, and keeps it in the user's profile (best effort). */
async function chooseLanguage(tag) {
    await setLanguage(tag);
    if (signedIn() && state.me.locale !== tag) {
        try {
            const {data, etag} = await api('/me', {method: 'PATCH', body: {locale: tag},
                headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': state.meEtag || '*'}});
            state.me = data;
            state.meEtag = etag;
        } catch (error) {
            console.warn('could not keep the language in the profile', error);
        }
    }
}

function navLinks() {
    const {path} = currentRoute();
    const links = [
        ...coreNavEntries(state.me).map((entry) => ({...entry, title: t(entry.label)})),
        ...state.modules.map((module) => ({
            route: module.route, id: module.id, order: module.order,
            title: module.titles[getLanguage()] || module.titles.en,
        })),
    ].sort((a, b) => (a.order ?? 1000) - (b.order ?? 1000));
    return links.map((link) => {
        const current = link.route === '/' ? path === '/' : path === link.route || path.startsWith(`${link.route}/`);
        return h('li', {}, h('a', {href: `#${link.route}`, 'data-nav': link.id,
            'aria-current': current ? 'page' : null}, link.title));
    });
}

function renderNav() {
    const list = document.getElementById('nav-list');
    if (list) {
        list.replaceChildren(...navLinks());
    }
}

function renderShell() {
    const menuButton = h('button', {type: 'button', class: 'menu-toggle', 'aria-expanded': 'false',
        'aria-controls': 'nav', onClick: () => {
            const open = menuButton.getAttribute('aria-expanded') !== 'true';
            menuButton.setAttribute('aria-expanded', String(open));
            document.getElementById('nav').classList.toggle('open', open);
        }}, t('shell.menu'));
    const skip = h('button', {type: 'button', class: 'skip-link', onClick: () => document.getElementById('main').focus()},
        t('shell.skipToContent'));
    root.replaceChildren(
        skip,
        h('header', {class: 'topbar'},
            menuButton,
            h('a', {href: '#/', class: 'brand'}, 'Relata'),
            h('div', {class: 'topbar-end'},
                languageSelect(chooseLanguage),
                h('a', {class: 'user', href: '#/profile', 'data-testid': 'user'},
                    state.me.displayName || state.me.username),
                h('button', {type: 'button', class: 'secondary', 'data-testid': 'logout', onClick: logout},
                    t('shell.signOut')))),
        licenseBanner(),
        h('div', {class: 'layout'},
            h('nav', {id: 'nav', 'aria-label': t('shell.navigation')}, h('ul', {id: 'nav-list'}, navLinks())),
            h('main', {id: 'main', tabindex: '-1'})),
        h('div', {id: 'status', class: 'visually-hidden', role: 'status', 'aria-live': 'polite'}));
}

/** The license warning the server sends while the license is expiring or in its grace period. */
function licenseBanner() {
    const banner = h('div', {id: 'license-warning', class: 'license-warning', role: 'alert',
        'data-testid': 'license-warning', hidden: !state.licenseWarning});
    showLicenseWarning(banner, state.licenseWarning);
    return banner;
}

function showLicenseWarning(banner, warning) {
    if (!banner) {
        return;
    }
    banner.hidden = !warning;
    banner.replaceChildren(...(warning ? [h('strong', {}, t('license.warning')), ' ', warning] : []));
}

onLicenseWarning((warning) => {
    if (warning === state.licenseWarning) {
        return;
    }
    state.licenseWarning = warning;
    showLicenseWarning(document.getElementById('license-warning'), warning);
});

async function logout() {
    try {
        await api('/auth/logout', {method: 'POST'});
    } catch {
        // signed out either way
    }
    signOutLocally(t('login.signedOut'));
}

function signOutLocally(notice) {
    stopPolling();
    setCsrfToken(null);
    state.me = null;
    state.modules = [];
    state.modulesKey = '';
    state.notice = notice;
    navigate('/login');
}

onSessionLost((reason) => {
    if (!state.me) {
        return;
    }
    const {path, query} = currentRoute();
    state.afterLogin = path === '/login' ? null : `${path}${query.toString() ? `?${query}` : ''}`;
    signOutLocally(reason === 'csrf' ? t('login.signInAgain') : t('login.sessionExpired'));
});

async function signedInAs(user, csrfToken) {
    setCsrfToken(csrfToken);
    state.me = user;
    const {data, etag} = await api('/me');
    state.me = data;
    state.meEtag = etag;
    setTimeZone(data.timeZone);
    state.quiet = true;
    try {
        await setLanguage(pickLanguage(data.locale));
    } finally {
        state.quiet = false;
    }
    state.notice = null;
    await refreshModules();
    startPolling();
    const target = state.afterLogin || '/';
    state.afterLogin = null;
    navigate(target);
}

async function route() {
    if (state.cleanup) {
        try {
            state.cleanup();
        } catch (error) {
            console.warn(error);
        }
        state.cleanup = null;
    }
    const {path, query} = currentRoute();
    root.setAttribute('aria-busy', 'false');
    if (!signedIn()) {
        if (path !== '/login') {
            state.afterLogin = `${path}${query.toString() ? `?${query}` : ''}`;
        }
        renderLogin(root, {t, h, uid, api, ApiError, notice: state.notice,
            languageSelect: () => languageSelect((tag) => setLanguage(tag)), onSignedIn: signedInAs});
        document.title = `${t('login.title')} · Relata`;
        return;
    }
    if (path === '/login') {
        navigate('/');
        return;
    }
    if (!document.getElementById('nav')) {
        renderShell();
    } else {
        renderNav();
    }
    refreshModules(); // a plugin deployed a moment ago shows up as soon as the user moves on
    const main = document.getElementById('main');
    const page = h('div', {class: 'page'});
    main.replaceChildren(page);
    document.getElementById('nav').classList.remove('open');
    const ctx = context();
    let title;
    const found = findRoute(path);
    if (found) {
        title = t(found.route.title);
        const cleanup = await found.route.render(page, ctx, found.params, query);
        state.cleanup = typeof cleanup === 'function' ? cleanup : null;
    } else if (moduleFor(path)) {
        const module = moduleFor(path);
        title = module.titles[getLanguage()] || module.titles.en;
        state.cleanup = await renderModule(page, ctx, module, path, query);
    } else {
        title = t('notFound.title');
        page.append(h('h1', {}, title), h('p', {}, t('notFound.text')), h('a', {href: '#/'}, t('nav.home')));
    }
    document.title = `${title} · Relata`;
    const status = document.getElementById('status');
    if (status) {
        status.textContent = title;
    }
}

async function start() {
    await setLanguage(pickLanguage(navigator.language));
    onLanguageChange(() => {
        if (state.quiet) {
            return;
        }
        if (signedIn()) {
            renderShell();
        }
        route();
    });
    window.addEventListener('hashchange', () => {
        route();
    });
    // The CSRF token is never stored: a reloaded page asks the server for its session (the HttpOnly cookie) again.
    if (await resumeSession()) {
        return;
    }
    await route();
}

async function resumeSession() {
    let session;
    try {
        ({data: session} = await api('/auth/session'));
    } catch {
        return false; // no session, or it expired: sign in
    }
    const {path, query} = currentRoute();
    state.afterLogin = path === '/login' ? null : `${path}${query.toString() ? `?${query}` : ''}`;
    await signedInAs(session.user, session.csrfToken);
    return true;
}

start().catch((error) => {
    console.error(error);
    root.replaceChildren(h('p', {role: 'alert'}, 'Relata could not start: ', String(error)));
});
