package io.relata.api.activity;

/** How often a recurring task comes back. */
public enum RecurrenceFrequency {
    DAILY,
    WEEKLY,
    /** On the same day of the month as the series' first task, or the month's last day when it has fewer days. */
    MONTHLY
}
