package io.relata.core.customers.customer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.relata.api.customfield.CustomFields;
import io.relata.api.rest.FieldError;

/** Reading list filters from query parameters, the same way for every list of this bundle. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * @param query   the request's query parameters, as {@code UriInfo.getQueryParameters()} gives them
     * @param filters the names of the list's own filters
     * @return the first value of each of those filters and of every custom-field filter ({@code cf.<key>})
     */
    public static Map<String, String> listFilters(Map<String, List<String>> query, List<String> filters) {
        Map<String, String> chosen = new java.util.HashMap<>();
        query.forEach((name, values) -> {
            if ((filters.contains(name) || name.startsWith(CustomFields.FILTER_PREFIX)) && !values.isEmpty()) {
                chosen.put(name, values.get(0));
            }
        });
        return chosen;
    }

    public static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** @return the constant named by the value in any case, {@code null} when absent; else an error for the field */
    public static <E extends Enum<E>> E constant(Class<E> type, String field, String value, List<FieldError> errors) {
        String clean = trimmed(value);
        if (clean == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, clean.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    public static Instant instant(String field, String value, List<FieldError> errors) {
        String clean = trimmed(value);
        if (clean == null) {
            return null;
        }
        try {
            return Instant.parse(clean);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a UTC time such as 2026-01-31T00:00:00Z"));
            return null;
        }
    }

    /** Adds {@code from <= path < to} for the bounds that are given, with parameters {@code <name>From/To}. */
    public static void range(String path, String name, Instant from, Instant to, List<String> conditions,
                             Map<String, Object> parameters) {
        if (from != null) {
            conditions.add(path + " >= :" + name + "From");
            parameters.put(name + "From", from.atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            conditions.add(path + " < :" + name + "To");
            parameters.put(name + "To", to.atOffset(ZoneOffset.UTC));
        }
    }
}
