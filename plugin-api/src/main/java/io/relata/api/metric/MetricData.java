package io.relata.api.metric;

import java.util.List;

/**
 * A computed metric.
 *
 * @param series the series to draw (bar, line, pie); empty for a number or list
 * @param total  the headline number (number, list), or {@code null}
 * @param items  the records of a list, at most a few; empty otherwise
 * @param link   the route with everything behind the metric, e.g. {@code /activities?overdue=true}, or
 *               {@code null}
 */
public record MetricData(List<MetricSeries> series, MetricValue total, List<MetricItem> items, String link) {

    public MetricData {
        series = List.copyOf(series == null ? List.of() : series);
        items = List.copyOf(items == null ? List.of() : items);
        link = MetricDescriptor.checkedRoute(link);
    }

    public static MetricData of(List<MetricSeries> series) {
        return new MetricData(series, null, List.of(), null);
    }

    public static MetricData of(MetricSeries series) {
        return of(List.of(series));
    }
}
