package io.relata.core.customers.customer;

import java.util.List;

/**
 * The existing records a new one would duplicate, by the rules its store refuses duplicates with: for callers that
 * decide per record what to do with a duplicate, such as an import.
 *
 * @param visibleIds the matches the caller may see, oldest first
 * @param hidden     how many more match outside the caller's data scope
 */
public record DuplicateMatches(List<String> visibleIds, int hidden) {

    public DuplicateMatches {
        visibleIds = List.copyOf(visibleIds);
    }

    public int count() {
        return visibleIds.size() + hidden;
    }
}
