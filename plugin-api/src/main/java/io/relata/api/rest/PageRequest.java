package io.relata.api.rest;

import java.util.Optional;

/**
 * The {@code limit} and {@code cursor} query parameters of a list request.
 *
 * @param limit  how many records at most, 1 to {@value #MAX_LIMIT}
 * @param cursor where the previous page ended, or {@code null} for the first page
 */
public record PageRequest(int limit, Cursor cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problem.validation("limit", "must be between 1 and " + MAX_LIMIT).toException();
        }
    }

    /**
     * Reads the raw query parameters; take them as {@code String} so that {@code limit=abc} is a 400 that names
     * the parameter rather than the JAX-RS runtime's 404.
     *
     * @throws ProblemException (400) naming {@code limit} or {@code cursor} when one is not valid
     */
    public static PageRequest of(String limit, String cursor) {
        int size = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                size = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw Problem.validation("limit", "must be a whole number between 1 and " + MAX_LIMIT).toException();
            }
        }
        Cursor position = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor);
        return new PageRequest(size, position);
    }

    public Optional<Cursor> after() {
        return Optional.ofNullable(cursor);
    }
}
