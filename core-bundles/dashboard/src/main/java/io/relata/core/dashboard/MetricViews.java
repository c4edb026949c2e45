package io.relata.core.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.relata.api.metric.MetricData;
import io.relata.api.metric.MetricDescriptor;
import io.relata.api.metric.MetricItem;
import io.relata.api.metric.MetricPoint;
import io.relata.api.metric.MetricSeries;
import io.relata.api.metric.MetricValue;

/** The JSON shapes of the dashboard API; amounts are decimal strings, as money is everywhere on the wire. */
final class MetricViews {

    private MetricViews() {
    }

    /** A metric as {@code GET /dashboard/metrics} lists it. */
    record MetricView(String id, Map<String, String> titles, String title, String kind, int order, String permission,
                      boolean periodic, int defaultWeeks, String pointKeys, String seriesKeys) {
        static MetricView of(MetricDescriptor descriptor, String language) {
            return new MetricView(descriptor.id(), descriptor.titles(), descriptor.title(language),
                    descriptor.kind().name(), descriptor.order(), descriptor.permission(), descriptor.periodic(),
                    descriptor.defaultWeeks(), descriptor.pointKeys(), descriptor.seriesKeys());
        }
    }

    /** A computed metric, {@code GET /dashboard/metrics/{id}}. */
    record ResultView(String id, String kind, Integer weeks, String timeZone, List<SeriesView> series,
                      ValueView total, List<ItemView> items, String link) {
        static ResultView of(MetricDescriptor descriptor, Integer weeks, String timeZone, MetricData data) {
            return new ResultView(descriptor.id(), descriptor.kind().name(), weeks, timeZone,
                    data.series().stream().map(SeriesView::of).toList(), ValueView.of(data.total()),
                    data.items().stream().map(ItemView::of).toList(), data.link());
        }
    }

    record SeriesView(String key, String label, List<PointView> points) {
        static SeriesView of(MetricSeries series) {
            return new SeriesView(series.key(), series.label(), series.points().stream().map(PointView::of).toList());
        }
    }

    record PointView(String key, String label, ValueView value, String link) {
        static PointView of(MetricPoint point) {
            return new PointView(point.key(), point.label(), ValueView.of(point.value()), point.link());
        }
    }

    record ValueView(String amount, String currency) {
        static ValueView of(MetricValue value) {
            return value == null ? null : new ValueView(value.amount().toPlainString(), value.currency());
        }
    }

    record ItemView(String id, String label, Instant at, String link) {
        static ItemView of(MetricItem item) {
            return new ItemView(item.id(), item.label(), item.at(), item.link());
        }
    }
}
