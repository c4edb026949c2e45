package io.relata.api.rest;

import java.util.List;

/**
 * One page of a list, answered as {@code {"items":[...],"nextCursor":"..."}}.
 *
 * @param items      the records of this page
 * @param nextCursor pass as {@code cursor} to get the next page; {@code null} on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items == null ? List.of() : items);
    }

    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, null);
    }
}
