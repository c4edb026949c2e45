package io.relata.api.activity;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a customer's timeline: an activity, or something a module contributes (a deal won, a case opened).
 *
 * @param id         unique among the entries of its source, stable between calls: the timeline's cursor holds
 *                   it to order entries of the same instant
 * @param recordType the record the entry is about, e.g. {@code activity} or {@code sales.opportunity}
 * @param recordId   that record's id
 * @param kind       what happened, e.g. {@code CALL} for activities or {@code sales.deal.won}; the timeline's
 *                   {@code type} filter matches it
 * @param title      one line for a person to read
 * @param occurredAt when it happened; the timeline is ordered by it, newest first
 * @param summary    a few more words, or {@code null}
 */
public record TimelineEntry(String id, String recordType, String recordId, String kind, String title,
                            Instant occurredAt, String summary) {

    public TimelineEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
