package io.relata.core.activities;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.relata.api.rest.Problem;
import io.relata.api.security.UserPrincipal;

/**
 * A span of time for the schedule and the work summaries, read from request parameters in a time zone.
 *
 * @param from inclusive
 * @param to   exclusive
 * @param zone the zone local dates were read in
 */
record CalendarRange(Instant from, Instant to, ZoneId zone) {

    /** Two months: a schedule longer than that is an export, not a schedule. */
    static final int MAX_DAYS = 62;
    static final ZoneId UTC = ZoneId.of("UTC");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * Reads {@code from}/{@code to} of the schedule: an ISO date is a whole local day in {@code zone} ({@code to}
     * inclusive), an ISO instant is exact ({@code to} exclusive). Without {@code from}: today in the zone. Without
     * {@code to}: the end of {@code from}'s day (a date), or a day after it (an instant).
     *
     * @throws io.relata.api.rest.ProblemException 400 naming the field
     */
    static CalendarRange parse(String fromText, String toText, ZoneId zone, Instant now) {
        String fromValue = blankToNull(fromText);
        String toValue = blankToNull(toText);
        Instant from;
        Instant defaultTo;
        if (fromValue == null) {
            LocalDate today = LocalDate.ofInstant(now, zone);
            from = startOf(today, zone);
            defaultTo = startOf(today.plusDays(1), zone);
        } else if (DATE.matcher(fromValue).matches()) {
            LocalDate day = date(fromValue, "from");
            from = startOf(day, zone);
            defaultTo = startOf(day.plusDays(1), zone);
        } else {
            from = instant(fromValue, "from");
            defaultTo = from.plus(1, ChronoUnit.DAYS);
        }
        Instant to;
        if (toValue == null) {
            to = defaultTo;
        } else if (DATE.matcher(toValue).matches()) {
            to = startOf(date(toValue, "to").plusDays(1), zone);
        } else {
            to = instant(toValue, "to");
        }
        if (!to.isAfter(from)) {
            throw Problem.validation("to", "must be after from").toException();
        }
        if (to.isAfter(from.atZone(zone).plusDays(MAX_DAYS).toInstant())) {
            throw Problem.validation("to", "the range is at most " + MAX_DAYS + " days").toException();
        }
        return new CalendarRange(from, to, zone);
    }

    /**
     * A work summary's period: the day, or the ISO week (Monday to Sunday), containing {@code date} in the zone.
     *
     * @param period {@code day} (default) or {@code week}
     * @param date   an ISO date; today in the zone by default
     */
    static CalendarRange period(String period, String date, ZoneId zone, Instant now) {
        String kind = blankToNull(period) == null ? "day" : period.strip().toLowerCase(Locale.ROOT);
        LocalDate day = blankToNull(date) == null ? LocalDate.ofInstant(now, zone) : date(date.strip(), "date");
        return switch (kind) {
            case "day" -> new CalendarRange(startOf(day, zone), startOf(day.plusDays(1), zone), zone);
            case "week" -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new CalendarRange(startOf(monday, zone), startOf(monday.plusWeeks(1), zone), zone);
            }
            default -> throw Problem.validation("period", "is day or week").toException();
        };
    }

    /**
     * The zone to read local dates in: {@code zone} when given (an IANA id such as {@code Asia/Shanghai}, or
     * {@code UTC}), else the user's, else UTC.
     *
     * @throws io.relata.api.rest.ProblemException 400 naming {@code zone} for an unknown zone
     */
    static ZoneId zone(String requested, Optional<UserPrincipal> user) {
        String id = blankToNull(requested);
        if (id != null) {
            return known(id).orElseThrow(() -> Problem.validation("zone",
                    "is not a time zone; use an IANA id such as Asia/Shanghai").toException());
        }
        return user.map(UserPrincipal::timeZone).flatMap(CalendarRange::known).orElse(UTC);
    }

    private static Optional<ZoneId> known(String id) {
        if (id == null) {
            return Optional.empty();
        }
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Instant startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw Problem.validation(field, "is not a date such as 2026-11-29").toException();
        }
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw Problem.validation(field, "is a date such as 2026-11-29 or a UTC instant such as 2026-11-29T02:30:00Z")
                    .toException();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
