package io.relata.core.customers.transfer;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.ProblemException;

/** Reads typed values out of a row, collecting everything that is wrong rather than stopping at the first. */
final class RowValues {

    /** Lists in one cell: exports join with "; ", people type commas, Chinese keyboards full-width ones. */
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*[;,；，]\\s*");
    /** Excel in China writes dates as 2024/3/15. */
    private static final DateTimeFormatter SLASHED_DATE = DateTimeFormatter.ofPattern("uuuu/M/d");
    private static final Set<String> YES = Set.of("true", "yes", "y", "1", "是");
    private static final Set<String> NO = Set.of("false", "no", "n", "0", "否");

    private final ImportRow row;
    private final List<FieldError> errors = new ArrayList<>();
    /** Fields whose fault is told already, so the store's validation does not tell it again in its words. */
    private final Set<String> explained = new HashSet<>();

    RowValues(ImportRow row) {
        this.row = row;
    }

    ImportRow row() {
        return row;
    }

    String text(String field) {
        return row.text(field);
    }

    <E extends Enum<E>> E constant(Class<E> type, String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            reject(field, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", ")));
            return null;
        }
    }

    Boolean flag(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        String answer = value.toLowerCase(Locale.ROOT);
        if (YES.contains(answer)) {
            return true;
        }
        if (NO.contains(answer)) {
            return false;
        }
        reject(field, "must be true or false");
        return null;
    }

    LocalDate date(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        try {
            return value.contains("/") ? LocalDate.parse(value, SLASHED_DATE) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            reject(field, "must be a date such as 2024-03-15");
            return null;
        }
    }

    /** @return the cell's items, or {@code null} when it is empty, so an update keeps what the record has */
    List<String> list(String field) {
        String value = text(field);
        return value == null ? null : Arrays.stream(LIST_SEPARATOR.split(value)).filter(item -> !item.isBlank())
                .toList();
    }

    /** @param alsoExplains fields derived from this one, whose errors this one's explains */
    void reject(String field, String message, String... alsoExplains) {
        errors.add(new FieldError(field, message));
        explained.add(field);
        explained.addAll(List.of(alsoExplains));
    }

    /** Takes a validation problem's field errors as this row's, but for fields already found wrong. */
    void reject(ProblemException problem) {
        for (RowIssue issue : RowRejected.issues(row.line(), problem)) {
            String field = issue.field() == null ? "" : issue.field();
            if (!explained.contains(field)) {
                errors.add(new FieldError(field, issue.message()));
            }
        }
    }

    /** @throws RowRejected with everything found wrong so far */
    void check() {
        if (!errors.isEmpty()) {
            throw new RowRejected(errors);
        }
    }
}
