package io.relata.core.activities;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;


import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityLocation;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.activity.ParticipantKind;
import io.relata.api.customer.Address;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;
import io.relata.api.security.Users;

/**
 * A user's schedule: the live activities they own or take part in as a {@code USER} participant whose time lies
 * in a range. An activity's time is its start until its end (a point when it has no end), or for a task its due
 * time; activities without one (a task without a due time, a note without a start) are on nobody's schedule.
 *
 * <p>Taking part is enough: a rep invited to their manager's meeting sees it on their schedule and in their
 * calendar feed, although the manager's activities are outside the rep's data scope. What is shown of such an
 * activity is what an invitation shows (time, subject, place, links), never its body or outcome.
 */
@Component(service = Schedules.class)
public class Schedules {

    /** More than this in one range is a data problem, not a schedule; the answer says it was cut. */
    static final int MAX_ITEMS = 2000;

    /** An activity on a schedule, with what the activity record does not carry. */
    record Entry(Activity activity, Instant reminderAt) {

        /** @return the start, or for a task the due time */
        Instant time() {
            return activity.startAt() != null ? activity.startAt() : activity.dueAt();
        }
    }

    /** The entries of a range, in time order; {@code truncated} when there were more than asked for. */
    record Entries(List<Entry> entries, boolean truncated) {
    }

    private final JpaTemplate jpa;
    private final CurrentUser currentUser;
    private final AccessControl access;
    private final Users users;
    private final Clock clock;

    @Activate
    public Schedules(@Reference(target = "(osgi.unit.name=activities)") JpaTemplate jpa,
                     @Reference(target = ActivitiesSchema.READY) SchemaStatus schema,
                     @Reference CurrentUser currentUser, @Reference AccessControl access, @Reference Users users) {
        this(jpa, currentUser, access, users, Clock.systemUTC());
    }

    Schedules(JpaTemplate jpa, CurrentUser currentUser, AccessControl access, Users users, Clock clock) {
        this.jpa = jpa;
        this.currentUser = currentUser;
        this.access = access;
        this.users = users;
        this.clock = clock;
    }

    /**
     * {@code GET /me/schedule}.
     *
     * @param userId another user whose schedule to show, or {@code null} for the caller's; allowed when the
     *               caller's data scope for activities covers that user
     * @throws io.relata.api.rest.ProblemException 404 for a user outside the scope, 400 for a bad range
     */
    Schedule schedule(String from, String to, String zone, String userId) {
        UserPrincipal me = currentUser.require();
        String subject = subjectUser(me, userId);
        ZoneId zoneId = CalendarRange.zone(zone, Optional.of(me));
        CalendarRange range = CalendarRange.parse(from, to, zoneId, now());
        Entries found = entries(subject, range.from(), range.to(), MAX_ITEMS);
        Instant now = now();
        List<ScheduleItem> items = found.entries().stream().map(entry -> item(entry, now)).toList();
        return new Schedule(subject, zoneId.getId(), range.from(), range.to(), items, found.truncated());
    }

    /**
     * @return the user whose records to show: the caller, or {@code userId} when the caller's activity scope allows
     * @throws io.relata.api.rest.ProblemException 404 otherwise, and for an unknown user
     */
    String subjectUser(UserPrincipal me, String userId) {
        if (userId == null || userId.isBlank() || userId.strip().equals(me.id())) {
            return me.id();
        }
        String id = userId.strip();
        if (id.length() > 36 || !access.scope(Activity.RECORD_TYPE).allows(id) || users.byId(id).isEmpty()) {
            throw Problem.notFound("no user with id " + id).toException();
        }
        return id;
    }

    /**
     * The user's live activities whose time lies in {@code [from, to)}, owned or taken part in, by time then id. A
     * period overlaps the range when it starts before its end and ends after its start; a point (a start without an
     * end, a task's due time) must lie inside.
     */
    Entries entries(String userId, Instant from, Instant to, int limit) {
        return jpa.txExpr(TransactionType.Supports, em -> {
            List<ActivityEntity> rows = em.createQuery("SELECT a FROM ActivityEntity a WHERE a.deletedAt IS NULL"
                            + " AND (a.ownerId = :user OR EXISTS (SELECT p FROM ActivityEntity a2 JOIN a2.participants p"
                            + " WHERE a2 = a AND p.kind = :userKind AND p.participantId = :user))"
                            + " AND ((a.startAt IS NOT NULL AND a.startAt < :to"
                            + " AND (a.startAt >= :from OR a.endAt > :from))"
                            + " OR (a.startAt IS NULL AND a.type = :task AND a.dueAt >= :from AND a.dueAt < :to))"
                            + " ORDER BY a.sortAt, a.id", ActivityEntity.class)
                    .setParameter("user", userId)
                    .setParameter("userKind", ParticipantKind.USER)
                    .setParameter("task", ActivityType.TASK)
                    .setParameter("from", utc(from))
                    .setParameter("to", utc(to))
                    .setHint("eclipselink.batch", "a.links").setHint("eclipselink.batch", "a.participants")
                    .setHint("eclipselink.batch.type", "IN")
                    .setMaxResults(limit + 1)
                    .getResultList();
            List<Entry> entries = rows.stream().limit(limit).map(ActivityEntity::view)
                    .map(activity -> new Entry(activity, activity.reminderAt())).toList();
            return new Entries(entries, rows.size() > limit);
        });
    }

    static ScheduleItem item(Entry entry, Instant now) {
        Activity activity = entry.activity();
        return new ScheduleItem(activity.id(), activity.type(), activity.subject(), activity.status(),
                activity.startAt(), activity.endAt(), activity.dueAt(), locationText(activity.location()),
                activity.links(), overdue(activity, now), activity.ownerId(), entry.reminderAt());
    }

    /** An open task whose due time has passed. */
    static boolean overdue(Activity activity, Instant now) {
        return activity.type() == ActivityType.TASK && activity.status() == ActivityStatus.OPEN
                && activity.dueAt() != null && activity.dueAt().isBefore(now);
    }

    /** The address on one line, else the coordinates; {@code null} without a location. */
    static String locationText(ActivityLocation location) {
        if (location == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        Address address = location.address();
        if (address != null) {
            Stream.of(address.street(), address.city(), address.region(), address.postalCode(), address.country())
                    .filter(part -> part != null && !part.isBlank()).map(String::strip).forEach(parts::add);
        }
        if (!parts.isEmpty()) {
            return String.join(", ", parts);
        }
        if (location.latitude() != null && location.longitude() != null) {
            return plain(location.latitude()) + ", " + plain(location.longitude());
        }
        return null;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    Instant now() {
        return clock.instant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
