package io.relata.api.metric;

/** How the web UI draws a metric. */
public enum ChartKind {
    /** Bars, one group per point key; several series are stacked. */
    BAR,
    /** Lines, one per series, over the point keys (usually weeks). */
    LINE,
    /** Slices of one series. */
    PIE,
    /** One big number: {@link MetricData#total()}. */
    NUMBER,
    /** A number and a short list of records: {@link MetricData#total()} and {@link MetricData#items()}. */
    LIST
}
