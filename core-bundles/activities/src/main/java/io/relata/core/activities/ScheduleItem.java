package io.relata.core.activities;

import java.time.Instant;
import java.util.List;

import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;

/**
 * An activity on a schedule.
 *
 * @param location   the address on one line (else the coordinates), or {@code null}
 * @param overdue    an open task whose due time has passed
 * @param ownerId    who owns it: the user, or someone whose activity the user takes part in
 * @param reminderAt when the owner is reminded, or {@code null}
 */
public record ScheduleItem(String id, ActivityType type, String subject, ActivityStatus status, Instant startAt,
                           Instant endAt, Instant dueAt, String location, List<ActivityLink> links, boolean overdue,
                           String ownerId, Instant reminderAt) {
}
