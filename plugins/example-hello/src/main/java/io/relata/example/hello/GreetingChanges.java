package io.relata.example.hello;

import java.util.ArrayList;
import java.util.List;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/**
 * The writable fields of a greeting: the body of a create, and what a merge patch is applied to.
 *
 * @param name    who is greeted, 1 to 100 characters
 * @param message the greeting, up to 500 characters; defaults to "Hello, {name}!"
 */
public record GreetingChanges(String name, String message) {

    static GreetingChanges of(Greeting greeting) {
        return new GreetingChanges(greeting.name(), greeting.message());
    }

    /** @return these changes, trimmed and with defaults, or a 400 problem naming every bad field. */
    GreetingChanges validated() {
        List<FieldError> errors = new ArrayList<>();
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty()) {
            errors.add(new FieldError("name", "is required"));
        } else if (cleanName.length() > 100) {
            errors.add(new FieldError("name", "must be at most 100 characters"));
        } else if (cleanName.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "must not contain control characters"));
        }
        String cleanMessage = message == null || message.isBlank() ? "Hello, " + cleanName + "!" : message.strip();
        if (cleanMessage.length() > 500) {
            errors.add(new FieldError("message", "must be at most 500 characters"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new GreetingChanges(cleanName, cleanMessage);
    }
}
