// The numbers behind a chart as a table: read by screen readers (the canvas itself is only an image), and shown to
// anyone who presses the card's "Table" button. Each number links where the chart's bar or slice leads.

import {keyLabel, valueText} from './labels.js';

export function dataTable(ctx, metric, data, caption) {
    const {h} = ctx;
    const series = data.series || [];
    const keys = [];
    const seen = new Map();
    for (const one of series) {
        for (const point of one.points) {
            if (!seen.has(point.key)) {
                seen.set(point.key, point);
                keys.push(point.key);
            }
        }
    }
    const pointName = (key) => keyLabel(ctx, metric.pointKeys, key, seen.get(key)?.label);
    const cell = (point) => {
        if (!point) {
            return h('td', {}, '');
        }
        const text = valueText(ctx, point.value);
        return h('td', {class: 'number'}, point.link ? h('a', {href: `#${point.link}`}, text) : text);
    };
    if (series.length === 1) {
        return h('table', {class: 'list metric-table', 'data-testid': 'metric-table'},
            h('caption', {}, caption),
            h('tbody', {}, series[0].points.map((point) =>
                h('tr', {'data-key': point.key}, h('th', {scope: 'row'}, pointName(point.key)), cell(point)))));
    }
    return h('table', {class: 'list metric-table', 'data-testid': 'metric-table'},
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, h('td', {}),
            series.map((one) => h('th', {scope: 'col'}, keyLabel(ctx, metric.seriesKeys, one.key, one.label))))),
        h('tbody', {}, keys.map((key) => h('tr', {'data-key': key}, h('th', {scope: 'row'}, pointName(key)),
            series.map((one) => cell(one.points.find((point) => point.key === key)))))));
}
