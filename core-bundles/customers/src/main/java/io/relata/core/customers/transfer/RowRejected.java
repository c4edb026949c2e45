package io.relata.core.customers.transfer;

import java.util.List;

import io.relata.api.customfield.CustomFields;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/** A row that cannot become a record, with what is wrong with it; thrown before anything is written. */
final class RowRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    RowRejected(List<FieldError> errors) {
        super(errors.toString(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    RowRejected(String field, String message) {
        this(List.of(new FieldError(field == null ? "" : field, message)));
    }

    List<RowIssue> issues(long row) {
        return errors.stream().map(error -> RowIssue.error(row, field(error.field()), error.message())).toList();
    }

    /** What a store's problem says about the row: each bad field, or the problem's detail for the row as a whole. */
    static List<RowIssue> issues(long row, ProblemException e) {
        return issues(row, e.problem());
    }

    static List<RowIssue> issues(long row, Problem problem) {
        if (problem.errors() != null && !problem.errors().isEmpty()) {
            return problem.errors().stream()
                    .map(error -> RowIssue.error(row, field(error.field()), error.message())).toList();
        }
        return List.of(RowIssue.error(row, null, problem.detail().isEmpty() ? problem.title() : problem.detail()));
    }

    /** Mappings name custom fields {@code cf.<key>}; the custom-fields service {@code customFields.<key>}. */
    static String field(String field) {
        if (field == null || field.isEmpty()) {
            return null;
        }
        return field.startsWith(CustomFields.FIELD_PREFIX)
                ? CustomFields.FILTER_PREFIX + field.substring(CustomFields.FIELD_PREFIX.length()) : field;
    }
}
