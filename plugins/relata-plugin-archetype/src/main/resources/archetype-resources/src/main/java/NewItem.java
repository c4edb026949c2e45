package ${package};

import io.relata.api.rest.Problem;

/** The body of a create request. */
public record NewItem(String name) {

    static final int MAX_NAME = 200;

    /** @return the trimmed name, or a 400 problem naming the field */
    String validName() {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw Problem.validation("name", "is required").toException();
        }
        if (clean.length() > MAX_NAME) {
            throw Problem.validation("name", "must be at most " + MAX_NAME + " characters").toException();
        }
        return clean;
    }
}
