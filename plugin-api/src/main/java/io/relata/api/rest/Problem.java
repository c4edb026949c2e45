package io.relata.api.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem detail, answered as {@code application/problem+json}.
 *
 * @param type       URI identifying the kind of problem
 * @param title      short summary of the kind of problem
 * @param status     HTTP status
 * @param detail     what went wrong this time, for a person to read
 * @param errors     rejected fields, for validation problems; empty otherwise
 * @param extensions further members written at the top level of the JSON body (e.g. {@code candidates})
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      Map<String, Object> extensions) {

    /** Base of the {@code type} URIs of Relata's own problems. */
    public static final String TYPE_BASE = "https://relata.io/problems/";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status: " + status);
        }
        detail = detail == null ? "" : detail;
        errors = List.copyOf(errors == null ? List.of() : errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, List.of(), Map.of());
    }

    public static Problem validation(List<FieldError> errors) {
        if (errors == null || errors.isEmpty()) {
            throw new IllegalArgumentException("a validation problem names at least one field");
        }
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are not valid";
        return new Problem(TYPE_BASE + "validation", "Invalid input", 400, detail, errors, Map.of());
    }

    public static Problem validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static Problem badRequest(String detail) {
        return of(400, "bad-request", "Bad request", detail);
    }

    public static Problem notFound(String detail) {
        return of(404, "not-found", "Not found", detail);
    }

    public static Problem conflict(String detail) {
        return of(409, "conflict", "Conflict", detail);
    }

    public static Problem preconditionFailed(String detail) {
        return of(412, "precondition-failed", "Precondition failed", detail);
    }

    public static Problem preconditionRequired(String detail) {
        return of(428, "precondition-required", "Precondition required", detail);
    }

    /** @return a copy with one more top-level member. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, errors, more);
    }

    /** @return an exception that the REST application answers with this problem. */
    public ProblemException toException() {
        return new ProblemException(this);
    }
}
