// One card of the dashboard: a metric's title, its period selector, and its chart, number or list, loaded on its
// own so that a slow or failing metric holds up or breaks its own card only.

import {drawChart, isEmpty} from './charts.js';
import {keyLabel, metricTitle, valueText} from './labels.js';
import {dataTable} from './table.js';

const PERIODS = [4, 8, 12, 26, 52];
const STORED = 'relata.dashboard.weeks.';

function storedWeeks(metric) {
    try {
        const stored = Number(localStorage.getItem(STORED + metric.id));
        return PERIODS.includes(stored) ? stored : metric.defaultWeeks;
    } catch {
        return metric.defaultWeeks;
    }
}

function remember(metric, weeks) {
    try {
        localStorage.setItem(STORED + metric.id, String(weeks)); // a display preference, nothing secret
    } catch {
        // private mode: the choice lasts for this visit
    }
}

function problemDetail(error) {
    const problem = error && error.problem && typeof error.problem === 'object' ? error.problem : null;
    return (problem && (problem.detail || problem.title)) || (error && error.message) || '';
}

/** @return {element, dispose} */
export function metricCard(ctx, metric) {
    const {h, t, api} = ctx;
    const title = metricTitle(ctx, metric);
    const headingId = ctx.uid('metric');
    const tableId = ctx.uid('metric-table');
    const body = h('div', {class: 'metric-body', 'aria-live': 'polite'});
    const tableArea = h('div', {id: tableId, class: 'metric-table-area visually-hidden'});
    let chart = null;
    let disposed = false;
    let loads = 0;
    let weeks = metric.periodic ? storedWeeks(metric) : null;

    const tableButton = h('button', {type: 'button', class: 'metric-tool', 'aria-expanded': 'false',
        'aria-controls': tableId, 'data-testid': 'metric-table-toggle', hidden: true, onClick: () => {
            const open = tableButton.getAttribute('aria-expanded') !== 'true';
            tableButton.setAttribute('aria-expanded', String(open));
            tableButton.textContent = open ? t('dashboard.hideTable') : t('dashboard.showTable');
            tableArea.classList.toggle('visually-hidden', !open);
        }}, t('dashboard.showTable'));

    let period = null;
    if (metric.periodic) {
        const selectId = ctx.uid('period');
        const select = h('select', {id: selectId, 'data-testid': 'metric-period', onChange: () => {
            weeks = Number(select.value);
            remember(metric, weeks);
            load();
        }}, PERIODS.map((n) => h('option', {value: n, selected: n === weeks}, t('dashboard.weeks', {n}))));
        period = h('div', {class: 'metric-period'},
            h('label', {for: selectId, class: 'visually-hidden'}, t('dashboard.period')), select);
    }

    const card = h('section', {class: 'metric-card', 'aria-labelledby': headingId,
        'data-testid': `metric-${metric.id}`, 'data-metric': metric.id, 'data-kind': metric.kind,
        'data-state': 'loading'},
    h('div', {class: 'metric-head'}, h('h2', {id: headingId}, title),
        h('div', {class: 'metric-tools'}, period, tableButton)),
    body, tableArea);

    function destroyChart() {
        if (chart) {
            chart.destroy();
            chart = null;
        }
    }

    function state(name) {
        card.setAttribute('data-state', name);
        card.setAttribute('aria-busy', String(name === 'loading'));
    }

    async function load() {
        const mine = ++loads;
        state('loading');
        destroyChart();
        tableButton.hidden = true;
        tableArea.replaceChildren();
        body.replaceChildren(h('p', {class: 'muted metric-loading'}, t('common.loading')));
        try {
            const query = weeks ? `?weeks=${weeks}` : '';
            const {data} = await api(`/dashboard/metrics/${encodeURIComponent(metric.id)}${query}`);
            if (disposed || mine !== loads) {
                return;
            }
            await show(data);
            if (disposed || mine !== loads) {
                destroyChart();
            }
        } catch (error) {
            if (disposed || mine !== loads) {
                return;
            }
            console.warn(`metric ${metric.id}`, error);
            destroyChart();
            state('error');
            body.replaceChildren(
                h('p', {class: 'form-error', role: 'alert', 'data-testid': 'metric-error'},
                    error && error.status ? t('dashboard.failed', {detail: problemDetail(error)})
                        : t('error.network')),
                h('button', {type: 'button', class: 'secondary', onClick: load}, t('dashboard.retry')));
        }
    }

    async function show(data) {
        if (metric.kind === 'LIST' || metric.kind === 'NUMBER') {
            showNumber(data);
            return;
        }
        if (isEmpty(data)) {
            state('empty');
            body.replaceChildren(h('p', {class: 'empty', 'data-testid': 'metric-empty'},
                metric.periodic ? t('dashboard.emptyPeriod') : t('dashboard.empty')));
            return;
        }
        tableArea.replaceChildren(dataTable(ctx, metric, data, title));
        tableButton.hidden = false;
        const holder = h('div', {class: 'metric-canvas'});
        body.replaceChildren(holder);
        chart = await drawChart(ctx, holder, metric, data, summary(data));
        state('ready');
    }

    function summary(data) {
        const series = data.series || [];
        if (series.length !== 1) {
            return t('dashboard.chartSummary', {title});
        }
        return `${title}: ${series[0].points.map((point) =>
            `${keyLabel(ctx, metric.pointKeys, point.key, point.label)} ${valueText(ctx, point.value)}`).join(', ')}`;
    }

    function showNumber(data) {
        const total = data.total ? valueText(ctx, data.total) : ctx.formatNumber(0);
        const items = data.items || [];
        const parts = [h('p', {class: 'metric-number', 'data-testid': 'metric-total'}, total)];
        if (items.length > 0) {
            parts.push(h('ul', {class: 'metric-items', 'data-testid': 'metric-items'}, items.map((item) =>
                h('li', {}, item.link ? h('a', {href: `#${item.link}`}, item.label) : item.label,
                    item.at ? h('span', {class: 'muted'}, t('dashboard.due', {when: ctx.formatDateTime(item.at)}))
                        : null))));
        } else if (metric.kind === 'LIST') {
            parts.push(h('p', {class: 'muted'}, t('dashboard.noItems')));
        }
        if (data.link) {
            parts.push(h('a', {href: `#${data.link}`, class: 'metric-more'}, t('dashboard.viewAll')));
        }
        body.replaceChildren(...parts);
        state(items.length > 0 || (data.total && Number(data.total.amount) !== 0) ? 'ready' : 'empty');
    }

    load();
    return {
        element: card,
        dispose() {
            disposed = true;
            destroyChart();
        },
    };
}
