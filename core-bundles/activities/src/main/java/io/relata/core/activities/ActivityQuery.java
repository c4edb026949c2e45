package io.relata.core.activities;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/**
 * The filters of {@code GET /api/v1/activities}, combined with AND.
 *
 * @param types  any of these types (empty: all)
 * @param status only this status, or {@code null}
 * @param owner  a user id, {@link #ME}, or {@code null}
 * @param linked only activities linked to this record, or {@code null}
 * @param from   time (start, else due, else creation) at or after, or {@code null}
 * @param to     time before, or {@code null}
 * @param q      a substring of the subject, case-insensitive, or {@code null}
 */
record ActivityQuery(Set<ActivityType> types, ActivityStatus status, String owner, ActivityLink linked, Instant from,
                     Instant to, String q) {

    static final String ME = "me";
    static final List<String> PARAMETERS = List.of("type", "status", "owner", "linked", "from", "to", "q");
    static final ActivityQuery ALL = new ActivityQuery(Set.of(), null, null, null, null, null, null);

    static ActivityQuery parse(Map<String, String> parameters) {
        List<FieldError> errors = new ArrayList<>();
        Set<ActivityType> types = types(parameters.get("type"), "type", errors);
        ActivityStatus status = null;
        String statusText = blankToNull(parameters.get("status"));
        if (statusText != null) {
            try {
                status = ActivityStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "is one of OPEN, DONE, CANCELLED"));
            }
        }
        String owner = blankToNull(parameters.get("owner"));
        ActivityLink linked = null;
        String linkedText = blankToNull(parameters.get("linked"));
        if (linkedText != null) {
            int colon = linkedText.indexOf(':');
            if (colon <= 0 || colon == linkedText.length() - 1) {
                errors.add(new FieldError("linked", "is recordType:recordId, e.g. customer:5b1f0c9e-…"));
            } else {
                linked = new ActivityLink(linkedText.substring(0, colon), linkedText.substring(colon + 1));
            }
        }
        Instant from = instant(parameters.get("from"), "from", errors);
        Instant to = instant(parameters.get("to"), "to", errors);
        String q = blankToNull(parameters.get("q"));
        if (q != null && q.length() > 100) {
            errors.add(new FieldError("q", "must be at most 100 characters"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new ActivityQuery(types, status, owner, linked, from, to, q);
    }

    /** Reads {@code type=CALL,EMAIL}; case does not matter. */
    static Set<ActivityType> types(String text, String field, List<FieldError> errors) {
        Set<ActivityType> types = EnumSet.noneOf(ActivityType.class);
        if (text == null || text.isBlank()) {
            return types;
        }
        for (String name : text.split(",")) {
            try {
                types.add(ActivityType.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field, "is one or more of CALL, EMAIL, MEETING, TASK, NOTE, VISIT"));
                break;
            }
        }
        return types;
    }

    private static Instant instant(String text, String field, List<FieldError> errors) {
        String clean = blankToNull(text);
        if (clean == null) {
            return null;
        }
        try {
            return Instant.parse(clean).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "is not a UTC instant such as 2026-11-29T02:30:00Z"));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
