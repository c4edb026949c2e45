package io.relata.api.metric;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of a {@link ChartKind#LIST} metric, e.g. an overdue task.
 *
 * @param id    the record's id
 * @param label what to show, e.g. the task's subject (user content: the UI escapes it)
 * @param at    the instant that matters, e.g. when the task was due, or {@code null}
 * @param link  the route that opens the record, e.g. {@code /activities/…}, or {@code null}
 */
public record MetricItem(String id, String label, Instant at, String link) {

    public MetricItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        link = MetricDescriptor.checkedRoute(link);
    }
}
