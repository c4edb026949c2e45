package io.relata.core.activities;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;

/**
 * Writes a subscribed calendar (RFC 5545) of schedule entries.
 *
 * <p>Written by hand on purpose. What a feed needs is a few dozen lines: CRLF line ends, text escaping, folding at 75
 * octets, UTC date-times. ical4j, the usual Java library, is an OSGi bundle but pulls in commons-lang3,
 * commons-collections4, commons-codec and commons-validator (with commons-beanutils, -digester and -logging) at
 * run time, wants slf4j 2, and loads its configuration and time-zone data through class-loader look-ups that need
 * care in Karaf — all for output we do not need to parse. The tests parse every feed with ical4j instead, so the
 * output is checked by a real parser without shipping one.
 *
 * <p>Every activity is a {@code VEVENT}, tasks included (at their due time, {@code TRANSP:TRANSPARENT} so they do
 * not block free/busy): Outlook, Google Calendar and Apple Calendar ignore {@code VTODO} components in subscribed
 * calendars, so a task written as one would silently be missing.
 *
 * <p>No {@code METHOD} is written (a published calendar, not a scheduling message), so {@code DTSTAMP} is the time
 * the activity was last changed, as RFC 5545 §3.8.7.2 asks; the same data always gives the same bytes, which makes
 * the feed's ETag work.
 */
final class ICalendarWriter {

    static final String MEDIA_TYPE = "text/calendar; charset=utf-8";
    private static final String CRLF = "\r\n";
    private static final int MAX_OCTETS = 75;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder();

    private ICalendarWriter() {
    }

    /**
     * @param name     the calendar's display name
     * @param detailed whether the body and outcome of an activity may be shown (they are not for activities the
     *                 user only takes part in and may not read)
     */
    static String calendar(String name, List<Schedules.Entry> entries, Predicate<Activity> detailed) {
        ICalendarWriter writer = new ICalendarWriter();
        writer.line("BEGIN:VCALENDAR");
        writer.line("VERSION:2.0");
        writer.line("PRODID:-//Relata//Relata CRM//EN");
        writer.line("CALSCALE:GREGORIAN");
        writer.text("X-WR-CALNAME", name);
        // how often clients should poll (RFC 7986, and Outlook's older property)
        writer.line("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        writer.line("X-PUBLISHED-TTL:PT1H");
        for (Schedules.Entry entry : entries) {
            writer.event(entry, detailed.test(entry.activity()));
        }
        writer.line("END:VCALENDAR");
        return writer.out.toString();
    }

    private void event(Schedules.Entry entry, boolean detailed) {
        Activity activity = entry.activity();
        boolean task = activity.type() == ActivityType.TASK;
        Instant start = task ? activity.dueAt() : activity.startAt();
        Instant end = task ? null : activity.endAt();
        line("BEGIN:VEVENT");
        line("UID:" + activity.id() + "@relata");
        line("DTSTAMP:" + utc(activity.updatedAt()));
        line("DTSTART:" + utc(start));
        if (end != null && end.isAfter(start)) {
            line("DTEND:" + utc(end));
        }
        text("SUMMARY", activity.subject());
        if (detailed) {
            String description = description(activity);
            if (description != null) {
                text("DESCRIPTION", description);
            }
        }
        String location = Schedules.locationText(activity.location());
        if (location != null) {
            text("LOCATION", location);
        }
        if (activity.location() != null && activity.location().latitude() != null
                && activity.location().longitude() != null) {
            line("GEO:" + activity.location().latitude().toPlainString() + ";"
                    + activity.location().longitude().toPlainString());
        }
        line("STATUS:" + (activity.status() == ActivityStatus.CANCELLED ? "CANCELLED" : "CONFIRMED"));
        line("CATEGORIES:" + activity.type().name());
        line("TRANSP:" + (task ? "TRANSPARENT" : "OPAQUE"));
        line("SEQUENCE:" + Math.min(activity.version(), Integer.MAX_VALUE));
        line("LAST-MODIFIED:" + utc(activity.updatedAt()));
        if (entry.reminderAt() != null) {
            line("BEGIN:VALARM");
            line("ACTION:DISPLAY");
            line("TRIGGER;VALUE=DATE-TIME:" + utc(entry.reminderAt()));
            text("DESCRIPTION", activity.subject());
            line("END:VALARM");
        }
        line("END:VEVENT");
    }

    private static String description(Activity activity) {
        String body = activity.body() == null || activity.body().isBlank() ? null : activity.body();
        String outcome = activity.outcome() == null || activity.outcome().isBlank() ? null : activity.outcome();
        if (body != null && outcome != null) {
            return body + "\n\n" + outcome;
        }
        return body != null ? body : outcome;
    }

    private void text(String name, String value) {
        line(name + ":" + escape(value));
    }

    /** TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped; other controls dropped. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case ';' -> escaped.append("\\;");
                case ',' -> escaped.append("\\,");
                case '\n' -> escaped.append("\\n");
                case '\r' -> {
                    escaped.append("\\n");
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                default -> {
                    if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /**
     * Writes a content line, folded (RFC 5545 §3.1) so that no line is longer than 75 octets without its CRLF: a
     * continuation starts with one space. Folds fall between characters, never inside a UTF-8 sequence (or between
     * the halves of a surrogate pair).
     */
    private void line(String content) {
        int octets = 0;
        int i = 0;
        while (i < content.length()) {
            int codePoint = content.codePointAt(i);
            int size = utf8Length(codePoint);
            if (octets + size > MAX_OCTETS) {
                out.append(CRLF).append(' ');
                octets = 1;
            }
            out.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        out.append(CRLF);
    }

    static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static String utc(Instant instant) {
        return UTC.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
