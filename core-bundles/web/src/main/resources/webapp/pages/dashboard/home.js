// Home: a greeting and the dashboard, one card per metric the user may see (GET /dashboard/metrics). The metrics
// come from providers that modules register through the plugin API, so a module's charts appear here on their own.

import {metricCard} from './card.js';

export function renderHome(page, ctx) {
    const {h, t, api, me} = ctx;
    const grid = h('div', {class: 'metric-grid', 'data-testid': 'dashboard', 'aria-busy': 'true'},
        h('p', {class: 'muted'}, t('common.loading')));
    page.append(
        h('h1', {}, t('dashboard.greeting', {name: me.displayName || me.username})),
        h('p', {class: 'muted'}, t('dashboard.intro')),
        grid);
    const cards = [];
    let left = false;

    async function load() {
        grid.setAttribute('aria-busy', 'true');
        grid.replaceChildren(h('p', {class: 'muted'}, t('common.loading')));
        let metrics;
        try {
            ({data: {items: metrics}} = await api('/dashboard/metrics'));
        } catch (error) {
            if (!left) {
                grid.setAttribute('aria-busy', 'false');
                grid.replaceChildren(h('p', {class: 'form-error', role: 'alert'},
                    error && error.status ? t('dashboard.listFailed') : t('error.network')),
                h('button', {type: 'button', class: 'secondary', onClick: load}, t('dashboard.retry')));
            }
            return;
        }
        if (left) {
            return;
        }
        grid.setAttribute('aria-busy', 'false');
        if (metrics.length === 0) {
            grid.replaceChildren(h('p', {class: 'empty', 'data-testid': 'dashboard-empty'}, t('dashboard.noMetrics')));
            return;
        }
        grid.replaceChildren();
        for (const metric of metrics) {
            const card = metricCard(ctx, metric);
            cards.push(card);
            grid.append(card.element);
        }
    }

    load();
    // charts hold canvases, observers and listeners: let them go with the page
    return () => {
        left = true;
        cards.forEach((card) => card.dispose());
    };
}
