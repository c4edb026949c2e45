package io.relata.core.customers.console;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import io.relata.api.security.UserPrincipal;

/** Times as the console user reads them: in their own time zone, to the minute. */
final class ConsoleTime {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ConsoleTime() {
    }

    /** @return the user's zone; UTC for the system, or when the stored zone is not one Java knows */
    static ZoneId zoneOf(Optional<UserPrincipal> user) {
        String zone = user.map(UserPrincipal::timeZone).orElse(null);
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    static String format(Instant instant, ZoneId zone) {
        return instant == null ? "-" : MINUTES.format(instant.atZone(zone));
    }
}
