package io.relata.core.activities;

import java.util.List;

import io.relata.api.activity.TimelineEntry;

/**
 * One page of a customer's timeline.
 *
 * @param items      the entries, newest first
 * @param nextCursor pass as {@code cursor} for the next page; {@code null} on the last page
 * @param incomplete the ids of contributors that failed, whose entries are missing from this page
 */
public record TimelinePage(List<TimelineEntry> items, String nextCursor, List<String> incomplete) {

    public TimelinePage {
        items = List.copyOf(items);
        incomplete = List.copyOf(incomplete);
    }
}
