package io.relata.api.rest;

import java.util.Objects;

/**
 * One rejected input field.
 *
 * @param field   the field's JSON path in the request, e.g. {@code name} or {@code address.city}
 * @param message what is wrong, for a person to read
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
