package io.relata.api.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The position after the last record of a page, as the sort keys of that record (e.g. its creation time and
 * id). Clients see it only as an opaque token.
 *
 * @param keys the sort key values of the last record returned
 */
public record Cursor(List<String> keys) {

    private static final String PREFIX = "c1";

    public Cursor {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("a cursor holds at least one key");
        }
        keys = List.copyOf(keys);
    }

    public static Cursor of(String... keys) {
        return new Cursor(List.of(keys));
    }

    public String key(int index) {
        return keys.get(index);
    }

    /** @return the opaque token for {@code nextCursor}. */
    public String encode() {
        StringBuilder token = new StringBuilder(PREFIX);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        for (String key : keys) {
            token.append('.').append(base64.encodeToString(key.getBytes(StandardCharsets.UTF_8)));
        }
        return token.toString();
    }

    /**
     * Reads a token made by {@link #encode()}.
     *
     * @throws ProblemException (400, field {@code cursor}) when the token was not made by {@link #encode()}
     */
    public static Cursor decode(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length < 2 || !PREFIX.equals(parts[0])) {
            throw invalid();
        }
        List<String> keys = new ArrayList<>(parts.length - 1);
        try {
            for (int i = 1; i < parts.length; i++) {
                keys.add(new String(Base64.getUrlDecoder().decode(parts[i]), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        return new Cursor(keys);
    }

    private static ProblemException invalid() {
        return Problem.validation("cursor", "is not a cursor this server handed out").toException();
    }
}
