package io.relata.api.activity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A call, e-mail, meeting, task, note or visit, as the REST API and events show it.
 *
 * @param id              the activity's id
 * @param type            what kind of work it records
 * @param subject         what it is about, for lists
 * @param body            the notes, or {@code null}
 * @param direction       in or out, for calls and e-mails; else {@code null}
 * @param channel         how it happened (e.g. {@code wechat}, {@code phone}), or {@code null}
 * @param startAt         when it started, or {@code null}; not for tasks
 * @param endAt           when it ended, or {@code null}
 * @param dueAt           when a task is due, or {@code null}
 * @param durationMinutes how long it took, derived from start and end when both are known
 * @param location        where a visit or meeting takes place, or {@code null}
 * @param outcome         what came of it, or {@code null}
 * @param status          open, done or cancelled
 * @param completedAt     when it was marked done, or {@code null}
 * @param ownerId         the user who owns it
 * @param participants    users and contacts who take part
 * @param links           the records it is about; at least one
 * @param createdAt       when it was created
 * @param createdBy       who created it
 * @param updatedAt       when it last changed
 * @param updatedBy       who changed it last
 * @param version         the optimistic-lock version, the REST {@code ETag}
 * @param reminderAt      when the owner is reminded, or {@code null}
 * @param recurrence      how a task repeats, or {@code null}
 * @param seriesId        the first task of the recurring series this task belongs to, or {@code null}
 * @param timeZone        the IANA zone its local times were given in (the creator's unless chosen)
 * @since 1.1 (reminderAt, recurrence, seriesId, timeZone)
 */
public record Activity(String id, ActivityType type, String subject, String body, ActivityDirection direction,
                       String channel, Instant startAt, Instant endAt, Instant dueAt, Integer durationMinutes,
                       ActivityLocation location, String outcome, ActivityStatus status, Instant completedAt,
                       String ownerId, List<Participant> participants, List<ActivityLink> links, Instant createdAt,
                       String createdBy, Instant updatedAt, String updatedBy, long version, Instant reminderAt,
                       Recurrence recurrence, String seriesId, String timeZone) {

    /** The record type of activities, for data scopes, the audit trail, the recycle bin and links. */
    public static final String RECORD_TYPE = "activity";

    public Activity {
        participants = List.copyOf(participants == null ? List.of() : participants);
        links = List.copyOf(links == null ? List.of() : links);
        timeZone = Objects.requireNonNullElse(timeZone, "UTC");
    }

    /** The 1.0 form, without reminder, recurrence and time zone; kept so code built against 1.0 still links. */
    public Activity(String id, ActivityType type, String subject, String body, ActivityDirection direction,
                    String channel, Instant startAt, Instant endAt, Instant dueAt, Integer durationMinutes,
                    ActivityLocation location, String outcome, ActivityStatus status, Instant completedAt,
                    String ownerId, List<Participant> participants, List<ActivityLink> links, Instant createdAt,
                    String createdBy, Instant updatedAt, String updatedBy, long version) {
        this(id, type, subject, body, direction, channel, startAt, endAt, dueAt, durationMinutes, location, outcome,
                status, completedAt, ownerId, participants, links, createdAt, createdBy, updatedAt, updatedBy,
                version, null, null, null, null);
    }
}
