package io.relata.api.metric;

import java.util.Objects;

/**
 * One labelled value of a series: a bar, a slice, a point of a line.
 *
 * @param key   what the point stands for, e.g. {@code PROSPECT} or the first day of a week {@code 2026-11-23};
 *              the UI translates well-known keys (see {@link MetricDescriptor#pointKeys()})
 * @param label the text to show when the UI does not know the key, in the request's language; may be {@code null}
 * @param value the value
 * @param link  the route the UI opens when the point is clicked, e.g. {@code /customers?stage=PROSPECT}, or
 *              {@code null}
 */
public record MetricPoint(String key, String label, MetricValue value, String link) {

    public MetricPoint {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        link = MetricDescriptor.checkedRoute(link);
    }

    public static MetricPoint count(String key, long count, String link) {
        return new MetricPoint(key, null, MetricValue.count(count), link);
    }
}
