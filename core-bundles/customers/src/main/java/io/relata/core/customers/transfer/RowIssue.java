package io.relata.core.customers.transfer;

/**
 * A row an import rejected or skipped.
 *
 * @param row     the line of the file the row starts on, the header being line 1
 * @param field   the field that is wrong, as the mapping names it ({@code email}, {@code cf.region}); {@code null}
 *                when the row as a whole is
 * @param message what is wrong, for a person to read
 * @param kind    {@code error} for a rejected row, {@code skipped} for a duplicate left alone
 */
public record RowIssue(long row, String field, String message, String kind) {

    static final String ERROR = "error";
    static final String SKIPPED = "skipped";

    static RowIssue error(long row, String field, String message) {
        return new RowIssue(row, field, message, ERROR);
    }

    static RowIssue skipped(long row, String message) {
        return new RowIssue(row, null, message, SKIPPED);
    }
}
