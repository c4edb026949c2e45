// Drawing a metric with Chart.js (vendor/chart.js, from its WebJar at build time; MIT). The UMD build is imported
// for its side effect, which sets globalThis.Chart: no bundler, and nothing in it needs eval or inline styles.

import {keyLabel, valueText} from './labels.js';

let library;

async function chartLibrary() {
    if (!library) {
        library = import('../../vendor/chart.js/chart.umd.js').then(() => {
            const Chart = globalThis.Chart;
            Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
            Chart.defaults.color = '#3e4c59';
            return Chart;
        });
    }
    return library;
}

// the same colour for the same thing on every card and for every user
const PALETTE = ['#1d4ed8', '#f59e0b', '#067647', '#b42318', '#7c3aed', '#0e7490', '#c2410c', '#4d7c0f',
    '#be185d', '#475569'];
const KNOWN = {
    PROSPECT: '#f59e0b', CUSTOMER: '#067647', FORMER: '#94a3b8',
    NEW: '#1d4ed8', WORKING: '#f59e0b', QUALIFIED: '#067647', DISQUALIFIED: '#b42318', CONVERTED: '#7c3aed',
    CALL: '#1d4ed8', EMAIL: '#0e7490', MEETING: '#f59e0b', TASK: '#7c3aed', NOTE: '#94a3b8', VISIT: '#067647',
};

function colour(key, index) {
    return KNOWN[key] || PALETTE[index % PALETTE.length];
}

/** True when there is nothing to draw: no points, or every value zero. */
export function isEmpty(data) {
    return !(data.series || []).some((series) => series.points.some((point) => Number(point.value.amount) !== 0));
}

/**
 * Draws the metric into a canvas inside `holder`; clicking a bar or slice opens its link.
 * @return the chart, to destroy() when the card goes
 */
export async function drawChart(ctx, holder, metric, data, summary) {
    const Chart = await chartLibrary();
    const canvas = ctx.h('canvas', {role: 'img', 'aria-label': summary, 'data-testid': 'metric-chart'});
    holder.replaceChildren(canvas);
    const series = data.series || [];
    const keys = [...new Set(series.flatMap((one) => one.points.map((point) => point.key)))];
    const labelOf = new Map(series.flatMap((one) => one.points.map((point) => [point.key, point.label])));
    const pie = metric.kind === 'PIE';
    const stacked = metric.kind === 'BAR' && series.length > 1;
    // the API's points by dataset and index, kept apart from the datasets, which Chart.js reads as options
    const points = [];
    const datasets = series.map((one, index) => {
        const byKey = new Map(one.points.map((point) => [point.key, point]));
        points.push(keys.map((key) => byKey.get(key)));
        return {
            label: keyLabel(ctx, metric.seriesKeys, one.key, one.label),
            data: keys.map((key) => (byKey.has(key) ? Number(byKey.get(key).value.amount) : 0)),
            backgroundColor: pie ? keys.map((key, i) => colour(key, i)) : colour(one.key, index),
            borderColor: pie ? '#ffffff' : colour(one.key, index),
            borderWidth: pie ? 2 : 1,
            tension: 0.2,
        };
    });
    const pointAt = (element) => points[element.datasetIndex]?.[element.index];
    const chart = new Chart(canvas, {
        type: pie ? 'doughnut' : (metric.kind === 'LINE' ? 'line' : 'bar'),
        data: {labels: keys.map((key) => keyLabel(ctx, metric.pointKeys, key, labelOf.get(key))), datasets},
        options: {
            locale: ctx.language,
            responsive: true,
            maintainAspectRatio: false,
            animation: {duration: 250},
            plugins: {
                legend: {display: pie || series.length > 1, position: 'bottom'},
                tooltip: {callbacks: {label: (item) => {
                    const point = pointAt(item);
                    const name = pie ? item.label : item.dataset.label;
                    return `${name}: ${point ? valueText(ctx, point.value) : ctx.formatNumber(item.raw)}`;
                }}},
            },
            scales: pie ? {} : {
                x: {stacked, ticks: {autoSkip: true, maxRotation: 0}},
                y: {stacked, beginAtZero: true, ticks: {precision: 0, callback: (value) => ctx.formatNumber(value)}},
            },
            onClick: (event, elements) => {
                const point = elements.length ? pointAt(elements[0]) : null;
                if (point && point.link) {
                    ctx.navigate(point.link);
                }
            },
            onHover: (event, elements) => {
                const point = elements.length ? pointAt(elements[0]) : null;
                canvas.style.cursor = point && point.link ? 'pointer' : 'default';
            },
        },
    });
    return chart;
}
