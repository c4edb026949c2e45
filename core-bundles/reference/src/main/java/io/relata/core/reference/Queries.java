package io.relata.core.reference;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;

import io.relata.api.rest.Problem;

/**
 * Reads query parameters taken as text, so that a bad value is a 400 naming the parameter rather than the JAX-RS
 * runtime's 404.
 */
final class Queries {

    private Queries() {
    }

    /** @return {@code null} when the parameter is not given */
    static Boolean flag(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw Problem.validation(name, "is true or false").toException();
        };
    }

    /** @return {@code null} when the parameter is not given */
    static LocalDate date(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw Problem.validation(name, "is not a date as yyyy-MM-dd").toException();
        }
    }

    /** @return {@code null} when the parameter is not given; any currency in circulation, active or not */
    static Currency currency(String value, String name) {
        return value == null || value.isBlank() ? null : JdbcCurrencies.requireCirculating(value, name);
    }
}
