package io.relata.core.activities;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.relata.api.activity.ActivityType;

/**
 * A user's work in a day or an ISO week, from the activities they own.
 *
 * @param period           {@code day} or {@code week}
 * @param date             the date asked for (the week is the one containing it)
 * @param timeZone         the zone the period's days are in
 * @param start            the period's first instant
 * @param end              the instant after it
 * @param countsByType     activities of each type in the period (not cancelled, by their time: start, else due,
 *                         else creation); every type is present
 * @param total            the sum of {@code countsByType}
 * @param customersTouched how many customers those activities link to, directly or through a contact
 * @param customers        those customers with their activity counts, most first (at most
 *                         {@value WorkSummaries#MAX_CUSTOMERS})
 * @param tasksCompleted   tasks completed in the period
 * @param tasksDue         tasks due in the period, not cancelled
 * @param tasksOverdue     tasks overdue at the end of the period (or now, if that is earlier)
 * @param overdueTasks     the oldest of them (at most {@value WorkSummaries#MAX_OVERDUE_LISTED}), by due time
 */
public record WorkSummary(String userId, String period, LocalDate date, String timeZone, Instant start, Instant end,
                          Map<ActivityType, Long> countsByType, long total, long customersTouched,
                          List<CustomerCount> customers, long tasksCompleted, long tasksDue, long tasksOverdue,
                          List<OverdueTask> overdueTasks) {

    /** A customer and how many of the period's activities link to it. */
    public record CustomerCount(String customerId, long activities) {
    }

    /** An overdue task. */
    public record OverdueTask(String id, String subject, Instant dueAt) {
    }

    /** One team member's line in {@code GET /me/team/work-summary}. */
    public record Member(String userId, String displayName, Map<ActivityType, Long> countsByType, long total,
                         long customersTouched, long tasksCompleted, long tasksDue, long tasksOverdue) {
    }

    /** {@code GET /me/team/work-summary}: every user the caller's activity scope covers, by display name. */
    public record Team(String period, LocalDate date, String timeZone, Instant start, Instant end,
                       List<Member> members, boolean truncated) {
    }
}
