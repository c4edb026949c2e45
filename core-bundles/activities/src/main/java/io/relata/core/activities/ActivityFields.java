package io.relata.core.activities;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.relata.api.activity.ActivityDirection;
import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityLocation;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.activity.Participant;
import io.relata.api.activity.Recurrence;
import io.relata.api.customer.Address;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/**
 * The writable fields of an activity: the body of a create, and what a merge patch is applied to. {@link #validated}
 * checks what can be checked without asking other modules; the store checks owners, participants and links.
 *
 * <p>{@code startLocal}, {@code endLocal} and {@code dueLocal} are write-only: a local date and time in
 * {@code timeZone} (by default the caller's), so a client can say "tomorrow 09:00" without doing zone arithmetic.
 * Given, they replace {@code startAt}, {@code endAt} and {@code dueAt}; stored and shown are the UTC instants.
 */
public record ActivityFields(ActivityType type, String subject, String body, ActivityDirection direction,
                             String channel, Instant startAt, Instant endAt, Instant dueAt, Integer durationMinutes,
                             ActivityLocation location, String outcome, ActivityStatus status, String ownerId,
                             List<Participant> participants, List<ActivityLink> links, Instant reminderAt,
                             Recurrence recurrence, String timeZone, LocalDateTime startLocal,
                             LocalDateTime endLocal, LocalDateTime dueLocal) {

    static final int MAX_LINKS = 20;
    static final int MAX_PARTICIPANTS = 50;
    /** A month: longer is a typing mistake, not an activity. */
    static final int MAX_DURATION_MINUTES = 31 * 24 * 60;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,36}");
    private static final Pattern RECORD_TYPE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final BigDecimal LATITUDE = BigDecimal.valueOf(90);
    private static final BigDecimal LONGITUDE = BigDecimal.valueOf(180);
    /** Six decimals, as the columns keep them: about 10 cm, finer than any phone measures. */
    private static final int COORDINATE_SCALE = 6;

    static final int MAX_RECURRENCE_INTERVAL = 99;
    private static final int MAX_ZONE_LENGTH = 64;

    /**
     * @param callerZone the zone of local times when the fields name none
     * @return these fields trimmed, normalised and with defaults, local times turned into instants, or a 400
     *         problem naming every bad field
     */
    ActivityFields validated(ZoneId callerZone) {
        List<FieldError> errors = new ArrayList<>();
        ZoneId zone = zone(callerZone, errors);
        if (type == null) {
            errors.add(new FieldError("type", "is required: one of CALL, EMAIL, MEETING, TASK, NOTE, VISIT"));
        }
        String cleanSubject = text(subject, "subject", 200, errors);
        if (cleanSubject == null && errors.stream().noneMatch(error -> error.field().equals("subject"))) {
            errors.add(new FieldError("subject", "is required"));
        }
        String cleanBody = multiline(body, "body", 10_000, errors);
        if (direction != null && type != null && !type.isCommunication()) {
            errors.add(new FieldError("direction", "only calls and e-mails have a direction"));
        }
        String cleanChannel = text(channel, "channel", 40, errors);
        Instant start = micros(startLocal == null ? startAt : local(startLocal, zone));
        Instant end = micros(endLocal == null ? endAt : local(endLocal, zone));
        Instant due = micros(dueLocal == null ? dueAt : local(dueLocal, zone));
        if (type == ActivityType.TASK) {
            if (start != null) {
                errors.add(new FieldError("startAt", "a task has a due time (dueAt), not a start"));
            }
            if (end != null) {
                errors.add(new FieldError("endAt", "a task has a due time (dueAt), not an end"));
            }
        } else if (due != null && type != null) {
            errors.add(new FieldError("dueAt", "only tasks have a due time"));
        }
        if (end != null && start == null && type != ActivityType.TASK) {
            errors.add(new FieldError("startAt", "is required when endAt is given"));
        }
        Integer duration = durationMinutes;
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                errors.add(new FieldError("endAt", "must not be before startAt"));
            } else {
                long minutes = Duration.between(start, end).toMinutes();
                if (minutes > MAX_DURATION_MINUTES) {
                    errors.add(new FieldError("endAt", "must be at most 31 days after startAt"));
                }
                duration = (int) Math.min(minutes, MAX_DURATION_MINUTES);
            }
        } else if (duration != null && (duration < 0 || duration > MAX_DURATION_MINUTES)) {
            errors.add(new FieldError("durationMinutes", "must be between 0 and " + MAX_DURATION_MINUTES));
        }
        ActivityLocation cleanLocation = location(errors);
        String cleanOutcome = multiline(outcome, "outcome", 500, errors);
        String owner = blankToNull(ownerId);
        if (owner != null && !ID.matcher(owner).matches()) {
            errors.add(new FieldError("ownerId", "is not an id"));
        }
        List<Participant> cleanParticipants = participants(errors);
        List<ActivityLink> cleanLinks = links(errors);
        Instant reminder = micros(reminderAt);
        Instant remindedOf = type == ActivityType.TASK ? due : start;
        if (reminder != null) {
            if (remindedOf == null) {
                errors.add(new FieldError("reminderAt", type == ActivityType.TASK
                        ? "a reminder needs a due time (dueAt)" : "a reminder needs a start time (startAt)"));
            } else if (reminder.isAfter(remindedOf)) {
                errors.add(new FieldError("reminderAt", "must not be after the "
                        + (type == ActivityType.TASK ? "due" : "start") + " time"));
            }
        }
        Recurrence cleanRecurrence = recurrence(due, zone, errors);
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new ActivityFields(type, cleanSubject, cleanBody, direction, cleanChannel, start, end, due, duration,
                cleanLocation, cleanOutcome, status == null ? ActivityStatus.OPEN : status, owner, cleanParticipants,
                cleanLinks, reminder, cleanRecurrence, zone.getId(), null, null, null);
    }

    /** The same fields with another owner. */
    ActivityFields withOwner(String owner) {
        return new ActivityFields(type, subject, body, direction, channel, startAt, endAt, dueAt, durationMinutes,
                location, outcome, status, owner, participants, links, reminderAt, recurrence, timeZone, startLocal,
                endLocal, dueLocal);
    }

    private ZoneId zone(ZoneId callerZone, List<FieldError> errors) {
        String given = blankToNull(timeZone);
        if (given == null) {
            return callerZone;
        }
        try {
            if (given.length() <= MAX_ZONE_LENGTH) {
                return ZoneId.of(given);
            }
        } catch (DateTimeException e) {
            // reported below
        }
        errors.add(new FieldError("timeZone", "is not a time zone such as Asia/Shanghai or UTC"));
        return ZoneOffset.UTC;
    }

    private static Instant local(LocalDateTime time, ZoneId zone) {
        // a time skipped by a daylight saving change moves forward by the gap, as calendars do
        return time.atZone(zone).toInstant();
    }

    private Recurrence recurrence(Instant due, ZoneId zone, List<FieldError> errors) {
        if (recurrence == null) {
            return null;
        }
        if (type != null && type != ActivityType.TASK) {
            errors.add(new FieldError("recurrence", "only tasks recur"));
            return null;
        }
        if (recurrence.frequency() == null) {
            errors.add(new FieldError("recurrence.frequency", "is required: one of DAILY, WEEKLY, MONTHLY"));
        }
        int interval = recurrence.interval() == null ? 1 : recurrence.interval();
        if (interval < 1 || interval > MAX_RECURRENCE_INTERVAL) {
            errors.add(new FieldError("recurrence.interval", "must be between 1 and " + MAX_RECURRENCE_INTERVAL));
        }
        if (due == null) {
            errors.add(new FieldError("dueAt", "a recurring task needs a due time"));
        } else if (recurrence.until() != null && recurrence.until().isBefore(LocalDate.ofInstant(due, zone))) {
            errors.add(new FieldError("recurrence.until", "must not be before the task's due date"));
        }
        return new Recurrence(recurrence.frequency(), interval, recurrence.until());
    }

    private ActivityLocation location(List<FieldError> errors) {
        if (location == null) {
            return null;
        }
        if (type != null && !type.hasLocation()) {
            errors.add(new FieldError("location", "only visits and meetings have a location"));
            return null;
        }
        Address given = location.address() == null ? Address.EMPTY : location.address();
        String country = blankToNull(given.country());
        if (country != null) {
            country = country.toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(country)) {
                errors.add(new FieldError("location.address.country",
                        "is not an ISO 3166 country code such as CN or US"));
            }
        }
        Address address = new Address(multiline(given.street(), "location.address.street", 500, errors),
                text(given.city(), "location.address.city", 100, errors),
                text(given.region(), "location.address.region", 100, errors),
                text(given.postalCode(), "location.address.postalCode", 20, errors), country);
        BigDecimal latitude = coordinate(location.latitude(), LATITUDE, "location.latitude", errors);
        BigDecimal longitude = coordinate(location.longitude(), LONGITUDE, "location.longitude", errors);
        if ((latitude == null) != (longitude == null)) {
            errors.add(new FieldError(latitude == null ? "location.latitude" : "location.longitude",
                    "latitude and longitude go together"));
        }
        if (address.equals(Address.EMPTY) && latitude == null && longitude == null) {
            return null;
        }
        return new ActivityLocation(address, latitude, longitude);
    }

    private static BigDecimal coordinate(BigDecimal value, BigDecimal bound, String field, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (value.abs().compareTo(bound) > 0) {
            errors.add(new FieldError(field, "must be between -" + bound + " and " + bound));
            return value;
        }
        return value.setScale(COORDINATE_SCALE, RoundingMode.HALF_UP);
    }

    private List<Participant> participants(List<FieldError> errors) {
        if (participants == null) {
            return List.of();
        }
        Set<Participant> clean = new LinkedHashSet<>();
        for (int i = 0; i < participants.size(); i++) {
            Participant participant = participants.get(i);
            String id = participant == null ? null : blankToNull(participant.id());
            if (participant == null || participant.kind() == null) {
                errors.add(new FieldError("participants[" + i + "].kind", "is required: USER or CONTACT"));
            } else if (id == null || !ID.matcher(id).matches()) {
                errors.add(new FieldError("participants[" + i + "].id", "is not an id"));
            } else {
                clean.add(new Participant(participant.kind(), id));
            }
        }
        if (clean.size() > MAX_PARTICIPANTS) {
            errors.add(new FieldError("participants", "at most " + MAX_PARTICIPANTS));
        }
        return List.copyOf(clean);
    }

    private List<ActivityLink> links(List<FieldError> errors) {
        Set<ActivityLink> clean = new LinkedHashSet<>();
        List<ActivityLink> given = links == null ? List.of() : links;
        for (int i = 0; i < given.size(); i++) {
            ActivityLink link = given.get(i);
            String recordType = link == null ? null : blankToNull(link.recordType());
            String recordId = link == null ? null : blankToNull(link.recordId());
            if (recordType == null || recordType.length() > 100 || !RECORD_TYPE.matcher(recordType).matches()) {
                errors.add(new FieldError("links[" + i + "].recordType", recordType == null ? "is required"
                        : "is not a record type (lower case, dotted, e.g. customer or sales.opportunity)"));
            } else if (recordId == null || !RECORD_ID.matcher(recordId).matches()) {
                errors.add(new FieldError("links[" + i + "].recordId", recordId == null ? "is required"
                        : "is not an id"));
            } else {
                clean.add(new ActivityLink(recordType, recordId));
            }
        }
        if (given.isEmpty()) {
            errors.add(new FieldError("links", "an activity is about at least one record"));
        } else if (clean.size() > MAX_LINKS) {
            errors.add(new FieldError("links", "at most " + MAX_LINKS));
        }
        return List.copyOf(clean);
    }

    private static Instant micros(Instant instant) {
        // PostgreSQL keeps microseconds: what is read back, and the cursors made of it, must equal what was written
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static String text(String value, String field, int max, List<FieldError> errors) {
        String clean = clean(value);
        if (clean != null) {
            if (clean.length() > max) {
                errors.add(new FieldError(field, "must be at most " + max + " characters"));
            } else if (clean.chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError(field, "must not contain control characters"));
            }
        }
        return clean;
    }

    /** Like {@link #text}, but line breaks and tabs are fine: notes are written in paragraphs. */
    private static String multiline(String value, String field, int max, List<FieldError> errors) {
        String clean = clean(value);
        if (clean != null) {
            if (clean.length() > max) {
                errors.add(new FieldError(field, "must be at most " + max + " characters"));
            } else if (clean.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                errors.add(new FieldError(field, "must not contain control characters"));
            }
        }
        return clean;
    }

    private static String clean(String value) {
        String clean = value == null ? null : Normalizer.normalize(value, Normalizer.Form.NFC).strip();
        return clean == null || clean.isEmpty() ? null : clean;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
