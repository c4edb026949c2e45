package io.relata.core.activities;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.api.security.UserPrincipal;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;

/**
 * Daily and weekly work summaries, counted in the database from the activities a user owns: a handful of grouped
 * queries per summary, for one user or a whole team at once.
 *
 * <p>"Overdue at the end of the period" is judged at the period's end, or now when the period has not ended: a
 * task due before then that was still open then — open now, or completed only after it. Cancelled tasks are never
 * overdue.
 */
@Component(service = WorkSummaries.class)
public class WorkSummaries {

    static final int MAX_CUSTOMERS = 100;
    static final int MAX_OVERDUE_LISTED = 50;
    static final int MAX_MEMBERS = 500;

    /** One user's counts. */
    private record Counts(Map<ActivityType, Long> byType, long customersTouched, long tasksCompleted, long tasksDue,
                          long tasksOverdue) {

        long total() {
            return byType.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final JpaTemplate jpa;
    private final CurrentUser currentUser;
    private final AccessControl access;
    private final Users users;
    private final Schedules schedules;
    private final Clock clock;

    @Activate
    public WorkSummaries(@Reference(target = "(osgi.unit.name=activities)") JpaTemplate jpa,
                         @Reference(target = ActivitiesSchema.READY) SchemaStatus schema,
                         @Reference CurrentUser currentUser, @Reference AccessControl access, @Reference Users users,
                         @Reference Schedules schedules) {
        this(jpa, currentUser, access, users, schedules, Clock.systemUTC());
    }

    WorkSummaries(JpaTemplate jpa, CurrentUser currentUser, AccessControl access, Users users, Schedules schedules,
                  Clock clock) {
        this.jpa = jpa;
        this.currentUser = currentUser;
        this.access = access;
        this.users = users;
        this.schedules = schedules;
        this.clock = clock;
    }

    /**
     * @param userId the caller ({@code null}) or a user the caller's activity scope covers (else 404)
     * @param period {@code day} (default) or {@code week}
     * @param date   an ISO date, today by default
     * @param zone   an IANA zone, the caller's by default
     */
    WorkSummary of(String userId, String period, String date, String zone) {
        UserPrincipal me = currentUser.require();
        String subject = schedules.subjectUser(me, userId);
        ZoneId zoneId = CalendarRange.zone(zone, Optional.of(me));
        Instant now = clock.instant();
        CalendarRange range = CalendarRange.period(period, date, zoneId, now);
        String kind = period == null || period.isBlank() ? "day" : period.strip().toLowerCase(Locale.ROOT);
        LocalDate asked = date == null || date.isBlank() ? LocalDate.ofInstant(now, zoneId) : LocalDate.parse(date.strip());
        Instant cutoff = cutoff(range, now);
        return jpa.txExpr(TransactionType.Supports, em -> {
            Counts counts = counts(em, List.of(subject), range, cutoff).get(subject);
            Map<String, Long> perCustomer = new HashMap<>();
            select(em, "SELECT l.customerId, COUNT(DISTINCT a.id) FROM ActivityEntity a JOIN a.links l WHERE "
                    + LOGGED + " AND l.customerId IS NOT NULL GROUP BY l.customerId", List.of(subject), range, cutoff)
                    .forEach(row -> perCustomer.put((String) row[0], ((Number) row[1]).longValue()));
            List<WorkSummary.CustomerCount> customers = perCustomer.entrySet().stream()
                    .map(entry -> new WorkSummary.CustomerCount(entry.getKey(), entry.getValue()))
                    .sorted(Comparator.comparingLong(WorkSummary.CustomerCount::activities).reversed()
                            .thenComparing(WorkSummary.CustomerCount::customerId))
                    .limit(MAX_CUSTOMERS).toList();
            List<WorkSummary.OverdueTask> overdue = em.createQuery("SELECT a.id, a.subject, a.dueAt"
                            + " FROM ActivityEntity a WHERE " + OVERDUE + " ORDER BY a.dueAt, a.id", Object[].class)
                    .setParameter("owners", List.of(subject))
                    .setParameter("task", ActivityType.TASK).setParameter("open", ActivityStatus.OPEN)
                    .setParameter("done", ActivityStatus.DONE).setParameter("cutoff", utc(cutoff))
                    .setMaxResults(MAX_OVERDUE_LISTED).getResultList().stream()
                    .map(row -> new WorkSummary.OverdueTask((String) row[0], (String) row[1],
                            ((OffsetDateTime) row[2]).toInstant()))
                    .toList();
            return new WorkSummary(subject, kind, asked, zoneId.getId(), range.from(),
                    range.to(), counts.byType(), counts.total(), counts.customersTouched(), customers,
                    counts.tasksCompleted(), counts.tasksDue(), counts.tasksOverdue(), overdue);
        });
    }

    /**
     * {@code GET /me/team/work-summary}: the counts of every user the caller's activity scope covers — with scope
     * ALL, of every user who owns an activity that counts in the period.
     */
    WorkSummary.Team team(String period, String date, String zone) {
        UserPrincipal me = currentUser.require();
        ZoneId zoneId = CalendarRange.zone(zone, Optional.of(me));
        Instant now = clock.instant();
        CalendarRange range = CalendarRange.period(period, date, zoneId, now);
        String kind = period == null || period.isBlank() ? "day" : period.strip().toLowerCase(Locale.ROOT);
        LocalDate asked = date == null || date.isBlank() ? LocalDate.ofInstant(now, zoneId) : LocalDate.parse(date.strip());
        Instant cutoff = cutoff(range, now);
        DataScope scope = access.scope(Activity.RECORD_TYPE);
        return jpa.txExpr(TransactionType.Supports, em -> {
            Set<String> owners = new LinkedHashSet<>();
            if (scope.kind() == ScopeKind.ALL) {
                owners.add(me.id());
                em.createQuery("SELECT DISTINCT a.ownerId FROM ActivityEntity a WHERE a.deletedAt IS NULL AND ("
                                + "(a.status <> :cancelled AND a.sortAt >= :start AND a.sortAt < :end)"
                                + " OR (a.completedAt >= :start AND a.completedAt < :end)"
                                + " OR (a.type = :task AND a.status = :open AND a.dueAt < :cutoff))", String.class)
                        .setParameter("cancelled", ActivityStatus.CANCELLED).setParameter("task", ActivityType.TASK)
                        .setParameter("open", ActivityStatus.OPEN).setParameter("start", utc(range.from()))
                        .setParameter("end", utc(range.to())).setParameter("cutoff", utc(cutoff))
                        .setMaxResults(MAX_MEMBERS + 1).getResultList().forEach(owners::add);
            } else {
                owners.addAll(scope.ownerIds());
            }
            boolean truncated = owners.size() > MAX_MEMBERS;
            List<String> members = owners.stream().sorted().limit(MAX_MEMBERS).toList();
            Map<String, Counts> counts = counts(em, members, range, cutoff);
            List<WorkSummary.Member> lines = new ArrayList<>();
            for (String member : members) {
                Counts of = counts.get(member);
                String name = users.byId(member).map(UserSummary::displayName).orElse(member);
                lines.add(new WorkSummary.Member(member, name, of.byType(), of.total(), of.customersTouched(),
                        of.tasksCompleted(), of.tasksDue(), of.tasksOverdue()));
            }
            lines.sort(Comparator.comparing((WorkSummary.Member line) -> line.displayName() == null ? ""
                    : line.displayName().toLowerCase(Locale.ROOT)).thenComparing(WorkSummary.Member::userId));
            return new WorkSummary.Team(kind, asked, zoneId.getId(), range.from(), range.to(), lines, truncated);
        });
    }

    /** Logged in the period: live, not cancelled, its time (start, else due, else creation) inside. */
    private static final String LOGGED = "a.deletedAt IS NULL AND a.ownerId IN :owners AND a.status <> :cancelled"
            + " AND a.sortAt >= :start AND a.sortAt < :end";
    private static final String OVERDUE = "a.deletedAt IS NULL AND a.ownerId IN :owners AND a.type = :task"
            + " AND a.dueAt < :cutoff AND (a.status = :open OR (a.status = :done AND a.completedAt > :cutoff))";

    private static Map<String, Counts> counts(EntityManager em, Collection<String> owners, CalendarRange range,
                                              Instant cutoff) {
        Map<String, Map<ActivityType, Long>> byType = new HashMap<>();
        Map<String, Long> customers = new HashMap<>();
        Map<String, Long> completed = new HashMap<>();
        Map<String, Long> due = new HashMap<>();
        Map<String, Long> overdue = new HashMap<>();
        if (!owners.isEmpty()) {
            select(em, "SELECT a.ownerId, a.type, COUNT(a) FROM ActivityEntity a WHERE " + LOGGED
                    + " GROUP BY a.ownerId, a.type", owners, range, cutoff).forEach(row -> byType
                    .computeIfAbsent((String) row[0], owner -> new EnumMap<>(ActivityType.class))
                    .put((ActivityType) row[1], ((Number) row[2]).longValue()));
            select(em, "SELECT a.ownerId, COUNT(DISTINCT l.customerId) FROM ActivityEntity a JOIN a.links l WHERE "
                    + LOGGED + " AND l.customerId IS NOT NULL GROUP BY a.ownerId", owners, range, cutoff)
                    .forEach(row -> customers.put((String) row[0], ((Number) row[1]).longValue()));
            select(em, "SELECT a.ownerId, COUNT(a) FROM ActivityEntity a WHERE a.deletedAt IS NULL"
                    + " AND a.ownerId IN :owners AND a.type = :task AND a.status = :done"
                    + " AND a.completedAt >= :start AND a.completedAt < :end GROUP BY a.ownerId", owners, range, cutoff)
                    .forEach(row -> completed.put((String) row[0], ((Number) row[1]).longValue()));
            select(em, "SELECT a.ownerId, COUNT(a) FROM ActivityEntity a WHERE a.deletedAt IS NULL"
                    + " AND a.ownerId IN :owners AND a.type = :task AND a.status <> :cancelled"
                    + " AND a.dueAt >= :start AND a.dueAt < :end GROUP BY a.ownerId", owners, range, cutoff)
                    .forEach(row -> due.put((String) row[0], ((Number) row[1]).longValue()));
            select(em, "SELECT a.ownerId, COUNT(a) FROM ActivityEntity a WHERE " + OVERDUE + " GROUP BY a.ownerId",
                    owners, range, cutoff)
                    .forEach(row -> overdue.put((String) row[0], ((Number) row[1]).longValue()));
        }
        Map<String, Counts> counts = new HashMap<>();
        for (String owner : owners) {
            Map<ActivityType, Long> types = new EnumMap<>(ActivityType.class);
            for (ActivityType type : ActivityType.values()) {
                types.put(type, byType.getOrDefault(owner, Map.of()).getOrDefault(type, 0L));
            }
            counts.put(owner, new Counts(types, customers.getOrDefault(owner, 0L), completed.getOrDefault(owner, 0L),
                    due.getOrDefault(owner, 0L), overdue.getOrDefault(owner, 0L)));
        }
        return counts;
    }

    /** Runs a grouped query, setting just the parameters it names. */
    private static List<Object[]> select(EntityManager em, String jpql, Collection<String> owners, CalendarRange range,
                                         Instant cutoff) {
        TypedQuery<Object[]> query = em.createQuery(jpql, Object[].class);
        query.setParameter("owners", List.copyOf(owners));
        Map<String, Object> values = Map.of("start", utc(range.from()), "end", utc(range.to()),
                "cutoff", utc(cutoff), "cancelled", ActivityStatus.CANCELLED, "open", ActivityStatus.OPEN,
                "done", ActivityStatus.DONE, "task", ActivityType.TASK);
        values.forEach((name, value) -> {
            if (Pattern.compile(":" + name + "\\b").matcher(jpql).find()) {
                query.setParameter(name, value);
            }
        });
        return query.getResultList();
    }

    /** The end of the period, or now when it has not ended. */
    private static Instant cutoff(CalendarRange range, Instant now) {
        return now.isBefore(range.to()) ? now : range.to();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
