package io.relata.core.activities;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/me/schedule}.
 *
 * @param userId    whose schedule it is
 * @param timeZone  the zone dates were read in: the {@code zone} asked for, else the user's, else UTC
 * @param from      the start of the range, inclusive
 * @param to        its end, exclusive
 * @param items     by time (start, or a task's due time), then id
 * @param truncated whether there were more than {@value Schedules#MAX_ITEMS} items (the rest are left out)
 */
public record Schedule(String userId, String timeZone, Instant from, Instant to, List<ScheduleItem> items,
                       boolean truncated) {
}
