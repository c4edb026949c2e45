package io.relata.core.customers.transfer;

import java.util.Locale;

import io.relata.api.rest.Problem;

/** What an import does with a row that looks like an existing record, by the rules of the record's store. */
enum DuplicateMode {
    /** Leaves the record alone and reports the row as skipped. */
    SKIP,
    /** Applies the row's non-empty columns to the one record it matches; several matches reject the row. */
    UPDATE,
    /** Creates a record anyway, as {@code allowDuplicate=true} does. */
    CREATE;

    static DuplicateMode of(String text) {
        if (text == null || text.isBlank()) {
            return SKIP;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.validation("duplicates", "must be skip, update or create").toException();
        }
    }
}
