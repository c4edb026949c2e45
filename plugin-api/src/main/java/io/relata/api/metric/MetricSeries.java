package io.relata.api.metric;

import java.util.List;
import java.util.Objects;

/**
 * A named sequence of points: one line, one stack of bars, or the slices of a pie.
 *
 * @param key    what the series stands for, e.g. {@code CALL}; the UI translates well-known keys (see
 *               {@link MetricDescriptor#seriesKeys()})
 * @param label  the text to show when the UI does not know the key, in the request's language; may be
 *               {@code null}
 * @param points the points, in the order to draw them
 */
public record MetricSeries(String key, String label, List<MetricPoint> points) {

    public MetricSeries {
        Objects.requireNonNull(key, "key");
        points = List.copyOf(points);
    }
}
