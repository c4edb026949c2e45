package io.relata.core.activities;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.OptimisticLockException;
import javax.persistence.PersistenceException;
import javax.persistence.Query;
import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityEvent;
import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.activity.Participant;
import io.relata.api.activity.ParticipantKind;
import io.relata.api.activity.TimelineEntry;
import io.relata.api.audit.AuditAction;
import io.relata.api.audit.AuditTrail;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.Customers;
import io.relata.api.event.DomainEvents;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.recyclebin.RecycleBin;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeClause;
import io.relata.api.security.UserPrincipal;
import io.relata.api.security.Users;

/**
 * Activities in {@code core_activity}. Who sees one is decided by its owner alone, through the caller's data scope
 * for record type {@code activity}; being able to see a linked customer does not show its activities.
 *
 * <p>Every write also keeps {@code core_activity_customer_touch} in step for the customers it links to, directly
 * or through a contact, in the same transaction.
 */
@Component(service = ActivityStore.class)
public class ActivityStore {

    static final String RECORD_TYPE = Activity.RECORD_TYPE;
    static final String MODULE = "core";
    private static final int SUMMARY_LENGTH = 200;

    /** The services the store works with. */
    record Services(JpaTemplate jpa, CurrentUser currentUser, AccessControl access, Users users, AuditTrail audit,
                    RecycleBin recycleBin, DomainEvents events, Customers customers, Contacts contacts,
                    RecordTypes recordTypes) {
    }

    /** A place in a newest-first list: before this time, or at it with a smaller id. */
    record Position(Instant at, String id) {

        Cursor cursor() {
            return Cursor.of(at.toString(), id);
        }

        /** @return whether an entry at {@code time} with {@code entryId} comes after this position, newest first */
        boolean isAfter(Instant time, String entryId) {
            int byTime = time.compareTo(at);
            return byTime < 0 || (byTime == 0 && entryId.compareTo(id) < 0);
        }
    }

    private final Services services;
    private final JpaTemplate jpa;
    private final Clock clock;

    @Activate
    public ActivityStore(@Reference(target = "(osgi.unit.name=activities)") JpaTemplate jpa,
                         @Reference(target = ActivitiesSchema.READY) SchemaStatus schema,
                         @Reference CurrentUser currentUser, @Reference AccessControl access, @Reference Users users,
                         @Reference AuditTrail audit, @Reference RecycleBin recycleBin, @Reference DomainEvents events,
                         @Reference Customers customers, @Reference Contacts contacts,
                         @Reference RecordTypes recordTypes) {
        this(new Services(jpa, currentUser, access, users, audit, recycleBin, events, customers, contacts,
                recordTypes), Clock.systemUTC());
    }

    ActivityStore(Services services, Clock clock) {
        this.services = services;
        this.jpa = services.jpa();
        this.clock = clock;
    }

    // ---------------------------------------------------------------- reads

    Optional<Activity> find(String id) {
        DataScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> live(em, id, scope).map(ActivityEntity::view));
    }

    /** Visible activities, newest first by start, else due, else creation time. */
    Page<Activity> list(ActivityQuery query, PageRequest page) {
        DataScope scope = scope();
        String me = services.currentUser().require().id();
        return jpa.txExpr(TransactionType.Supports, em -> {
            ScopeClause visible = scope.jpql("a.ownerId");
            Map<String, Object> parameters = new LinkedHashMap<>(visible.named());
            StringBuilder jpql = new StringBuilder("SELECT a FROM ActivityEntity a WHERE a.deletedAt IS NULL AND ")
                    .append(visible.condition());
            if (!query.types().isEmpty()) {
                jpql.append(" AND a.type IN :types");
                parameters.put("types", List.copyOf(query.types()));
            }
            if (query.status() != null) {
                jpql.append(" AND a.status = :status");
                parameters.put("status", query.status());
            }
            if (query.owner() != null) {
                jpql.append(" AND a.ownerId = :owner");
                parameters.put("owner", ActivityQuery.ME.equals(query.owner()) ? me : query.owner());
            }
            if (query.linked() != null) {
                jpql.append(" AND EXISTS (SELECT l FROM ActivityEntity a2 JOIN a2.links l WHERE a2 = a"
                        + " AND l.recordType = :linkedType AND l.recordId = :linkedId)");
                parameters.put("linkedType", query.linked().recordType());
                parameters.put("linkedId", query.linked().recordId());
            }
            if (query.from() != null) {
                jpql.append(" AND a.sortAt >= :from");
                parameters.put("from", utc(query.from()));
            }
            if (query.to() != null) {
                jpql.append(" AND a.sortAt < :to");
                parameters.put("to", utc(query.to()));
            }
            if (query.q() != null) {
                jpql.append(" AND a.subjectKey LIKE :q ESCAPE '\\'");
                parameters.put("q", "%" + escapeLike(query.q().toLowerCase(Locale.ROOT)) + "%");
            }
            Position after = page.cursor() == null ? null : position(page.cursor());
            List<ActivityEntity> rows = newestFirst(em, jpql, parameters, after, page.limit() + 1);
            List<Activity> items = rows.stream().limit(page.limit()).map(ActivityEntity::view).toList();
            if (rows.size() <= page.limit()) {
                return Page.last(items);
            }
            ActivityEntity last = rows.get(page.limit() - 1);
            return new Page<>(items, new Position(last.sortAt(), last.id()).cursor().encode());
        });
    }

    /**
     * The customer's timeline entries from activities: those linked to the customer or one of the contacts, that
     * the caller may see, newest first.
     *
     * @param before only entries after this position, newest first; {@code null} for the newest
     */
    List<TimelineEntry> timeline(String customerId, Set<String> contactIds, Set<ActivityType> types, Position before,
                                 int limit) {
        DataScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            ScopeClause visible = scope.jpql("a.ownerId");
            Map<String, Object> parameters = new LinkedHashMap<>(visible.named());
            StringBuilder jpql = new StringBuilder("SELECT a FROM ActivityEntity a WHERE a.deletedAt IS NULL AND ")
                    .append(visible.condition())
                    .append(" AND EXISTS (SELECT l FROM ActivityEntity a2 JOIN a2.links l WHERE a2 = a AND (")
                    .append("(l.recordType = 'customer' AND l.recordId = :customer)");
            parameters.put("customer", customerId);
            if (!contactIds.isEmpty()) {
                jpql.append(" OR (l.recordType = 'contact' AND l.recordId IN :contacts)");
                parameters.put("contacts", List.copyOf(contactIds));
            }
            jpql.append("))");
            if (!types.isEmpty()) {
                jpql.append(" AND a.type IN :types");
                parameters.put("types", List.copyOf(types));
            }
            return newestFirst(em, jpql, parameters, before, limit).stream().map(ActivityStore::entry).toList();
        });
    }

    /** For the pool rule: each customer's newest activity, from the touch table alone. */
    Map<String, Instant> lastActivity(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return Map.of();
        }
        return jpa.txExpr(TransactionType.Supports, em -> {
            Map<String, Instant> newest = new HashMap<>();
            em.createQuery("SELECT t.customerId, t.lastActivityAt FROM CustomerTouchEntity t"
                            + " WHERE t.customerId IN :customers", Object[].class)
                    .setParameter("customers", List.copyOf(customerIds)).getResultList()
                    .forEach(row -> newest.put((String) row[0], ((OffsetDateTime) row[1]).toInstant()));
            return newest;
        });
    }

    /** Whether the caller may see the activity, deleted or not. */
    boolean visible(String id) {
        if (!services.access().permits("activities:read")) {
            return false;
        }
        DataScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            ActivityEntity activity = id == null || id.length() > 36 ? null : em.find(ActivityEntity.class, id);
            return activity != null && scope.allows(activity.ownerId());
        });
    }

    // ---------------------------------------------------------------- writes

    Activity create(ActivityFields request) {
        ActivityFields valid = request.validated(callerZone());
        String me = services.currentUser().require().id();
        DataScope scope = scope();
        String owner = valid.ownerId() == null ? me : valid.ownerId();
        List<FieldError> errors = new ArrayList<>();
        checkOwner(owner, me, scope, errors);
        checkParticipants(valid.participants(), List.of(), errors);
        Map<ActivityLink, String> linkCustomers = checkLinks(valid.links(), Map.of(), errors);
        refuse(errors);
        ActivityFields owned = valid.withOwner(owner);
        return jpa.txExpr(TransactionType.Required, em -> {
            Instant now = now();
            ActivityEntity activity = insert(em, new ActivityEntity(UUID.randomUUID().toString(), owned,
                    linkCustomers, me, now), now);
            if (activity.status() != ActivityStatus.OPEN) {
                continueSeries(em, activity, me, now);
            }
            return activity.view();
        });
    }

    /** Stores a new activity with its audit entry and events. */
    private ActivityEntity insert(EntityManager em, ActivityEntity activity, Instant now) {
        em.persist(activity);
        flush(em);
        refreshTouches(em, activity.touchedCustomers());
        services.audit().record(RECORD_TYPE, activity.id(), AuditAction.CREATED,
                FieldChange.created(activity.snapshot()), null);
        Activity view = activity.view();
        services.events().publish(new ActivityEvent.Created(view.id(), view.type(), view.status(),
                view.ownerId(), view.links(), now));
        if (view.status() == ActivityStatus.DONE) {
            services.events().publish(new ActivityEvent.Completed(view.id(), view.type(), view.ownerId(),
                    view.links(), now));
        }
        return activity;
    }

    /**
     * Creates the next task of a recurring task's series once the task is done or cancelled, unless the series
     * ended or that task exists already (this one was reopened and closed again, or another request was first).
     */
    private void continueSeries(EntityManager em, ActivityEntity closed, String userId, Instant now) {
        Optional<Instant> nextDue = closed.nextDue();
        if (nextDue.isEmpty() || closed.type() != ActivityType.TASK) {
            return;
        }
        int place = closed.occurrence() + 1;
        long existing = em.createQuery("SELECT COUNT(a) FROM ActivityEntity a WHERE a.seriesId = :series"
                        + " AND a.occurrence = :place", Long.class)
                .setParameter("series", closed.seriesId()).setParameter("place", place).getSingleResult();
        if (existing > 0) {
            return;
        }
        ActivityFields fields = closed.fields();
        Instant due = nextDue.get();
        Instant reminder = fields.reminderAt() == null ? null
                : due.minus(Duration.between(fields.reminderAt(), fields.dueAt()));
        ActivityFields next = new ActivityFields(ActivityType.TASK, fields.subject(), fields.body(), null,
                fields.channel(), null, null, due, null, null, null, ActivityStatus.OPEN, fields.ownerId(),
                fields.participants(), fields.links(), reminder, fields.recurrence(), fields.timeZone(), null, null,
                null);
        ActivityEntity task = new ActivityEntity(UUID.randomUUID().toString(), next, closed.linkCustomers(), userId,
                now);
        task.continueSeries(closed.seriesId(), place, closed.seriesStart());
        insert(em, task, now);
    }

    Activity change(String id, String ifMatch, UnaryOperator<ActivityFields> edit) {
        String me = services.currentUser().require().id();
        DataScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            ActivityEntity activity = live(em, id, scope).orElseThrow(() -> notFound(id));
            new EntityVersion(activity.version()).requireMatch(ifMatch);
            ActivityFields before = activity.fields();
            ActivityFields valid = edit.apply(before).validated(callerZone());
            String owner = valid.ownerId() == null ? me : valid.ownerId();
            List<FieldError> errors = new ArrayList<>();
            if (!owner.equals(before.ownerId())) {
                checkOwner(owner, me, scope, errors);
            }
            checkParticipants(valid.participants(), before.participants(), errors);
            Map<ActivityLink, String> linkCustomers = checkLinks(valid.links(), activity.linkCustomers(), errors);
            refuse(errors);
            Set<String> customersBefore = activity.touchedCustomers();
            ActivityStatus statusBefore = activity.status();
            Map<String, Object> snapshot = activity.snapshot();
            Instant now = now();
            activity.apply(valid.withOwner(owner), linkCustomers, me, now);
            List<FieldChange> changes = FieldChange.between(snapshot, activity.snapshot());
            if (changes.isEmpty()) {
                em.detach(activity);
                return live(em, id, scope).map(ActivityEntity::view).orElseThrow(() -> notFound(id));
            }
            flush(em);
            Set<String> customers = new HashSet<>(customersBefore);
            customers.addAll(activity.touchedCustomers());
            refreshTouches(em, customers);
            services.audit().record(RECORD_TYPE, id, AuditAction.UPDATED, changes, null);
            Set<String> fields = new TreeSet<>();
            changes.forEach(change -> fields.add(change.field()));
            Activity view = activity.view();
            services.events().publish(new ActivityEvent.Updated(id, fields, now));
            if (view.status() == ActivityStatus.DONE && statusBefore != ActivityStatus.DONE) {
                services.events().publish(new ActivityEvent.Completed(id, view.type(), view.ownerId(), view.links(),
                        now));
            }
            if (statusBefore == ActivityStatus.OPEN && view.status() != ActivityStatus.OPEN) {
                continueSeries(em, activity, me, now);
            }
            return view;
        });
    }

    void delete(String id, String ifMatch) {
        String me = services.currentUser().require().id();
        DataScope scope = scope();
        jpa.tx(TransactionType.Required, em -> {
            ActivityEntity activity = live(em, id, scope).orElseThrow(() -> notFound(id));
            if (ifMatch != null) {
                new EntityVersion(activity.version()).requireMatch(ifMatch);
            }
            activity.delete(me, now());
            flush(em);
            refreshTouches(em, activity.touchedCustomers());
            services.recycleBin().add(MODULE, RECORD_TYPE, id, activity.subject());
            services.audit().record(RECORD_TYPE, id, AuditAction.DELETED, List.of(), null);
        });
    }

    void restore(String id) {
        String me = services.currentUser().require().id();
        jpa.tx(TransactionType.Required, em -> {
            ActivityEntity activity = em.find(ActivityEntity.class, id);
            if (activity == null || !activity.deleted()) {
                throw Problem.notFound("no deleted activity with id " + id).toException();
            }
            activity.restore(me, now());
            flush(em);
            refreshTouches(em, activity.touchedCustomers());
            services.audit().record(RECORD_TYPE, id, AuditAction.RESTORED, List.of(), null);
        });
    }

    void purge(String id) {
        jpa.tx(TransactionType.Required, em -> {
            ActivityEntity activity = em.find(ActivityEntity.class, id);
            if (activity != null && activity.deleted()) {
                em.remove(activity);
                em.flush();
            }
        });
    }

    // ---------------------------------------------------------------- tasks and reminders

    /** An activity whose reminder or due time the scheduler announces. */
    @FunctionalInterface
    interface Announcement {
        void announce(Activity activity, Instant at);
    }

    /**
     * Announces open activities whose reminder time came, oldest first, each in a transaction of its own that
     * first claims it: of two nodes, or of a run before and after a restart, one announces it. If announcing
     * throws, the claim rolls back with it and the next run tries again.
     *
     * @return how many were announced
     */
    int announceReminders(Instant now, int limit, Announcement announcement) {
        return announce(now, limit, "a.reminderAt", "a.remindedFor", "", announcement);
    }

    /** Like {@link #announceReminders}, for open tasks whose due time passed. */
    int announceOverdue(Instant now, int limit, Announcement announcement) {
        return announce(now, limit, "a.dueAt", "a.overdueFor", " AND a.type = :task", announcement);
    }

    private int announce(Instant now, int limit, String time, String announced, String condition,
                         Announcement announcement) {
        String pending = "a.deletedAt IS NULL AND a.status = :open AND " + time + " <= :now AND (" + announced
                + " IS NULL OR " + announced + " <> " + time + ")" + condition;
        List<String> ids = jpa.txExpr(TransactionType.Supports, em -> {
            TypedQuery<String> query = em.createQuery("SELECT a.id FROM ActivityEntity a WHERE " + pending
                    + " ORDER BY " + time + ", a.id", String.class);
            parameters(query, now, condition);
            return query.setMaxResults(limit).getResultList();
        });
        int done = 0;
        for (String id : ids) {
            boolean claimed = jpa.txExpr(TransactionType.Required, em -> {
                Query claim = em.createQuery("UPDATE ActivityEntity a SET " + announced + " = "
                        + time + " WHERE a.id = :id AND " + pending);
                parameters(claim, now, condition);
                if (claim.setParameter("id", id).executeUpdate() != 1) {
                    return false;
                }
                ActivityEntity activity = em.find(ActivityEntity.class, id);
                em.refresh(activity);
                announcement.announce(activity.view(), now);
                return true;
            });
            done += claimed ? 1 : 0;
        }
        return done;
    }

    private static void parameters(Query query, Instant now, String condition) {
        query.setParameter("open", ActivityStatus.OPEN).setParameter("now", utc(now));
        if (!condition.isEmpty()) {
            query.setParameter("task", ActivityType.TASK);
        }
    }

    /**
     * A user's tasks that the caller may see, soonest due first and those without a due time last.
     *
     * @param overdue only open tasks whose due time passed
     * @param status  only tasks in this status; {@code null} for all
     */
    Page<Activity> tasks(String ownerId, ActivityStatus status, boolean overdue, PageRequest page) {
        DataScope scope = scope();
        if (!scope.allows(ownerId)) {
            return Page.last(List.of());
        }
        Instant now = now();
        return jpa.txExpr(TransactionType.Supports, em -> {
            TaskPosition after = page.cursor() == null ? null : TaskPosition.of(page.cursor());
            List<ActivityEntity> rows = new ArrayList<>();
            int wanted = page.limit() + 1;
            if (after == null || after.due() != null) {
                StringBuilder jpql = new StringBuilder(tasksOf(status, overdue)).append(" AND a.dueAt IS NOT NULL");
                if (after != null) {
                    jpql.append(" AND (a.dueAt > :afterDue OR (a.dueAt = :afterDue AND a.id > :afterId))");
                }
                TypedQuery<ActivityEntity> query = em.createQuery(jpql + " ORDER BY a.dueAt, a.id",
                        ActivityEntity.class);
                taskParameters(query, ownerId, status, overdue, now);
                if (after != null) {
                    query.setParameter("afterDue", utc(after.due())).setParameter("afterId", after.id());
                }
                rows.addAll(query.setMaxResults(wanted).getResultList());
            }
            if (rows.size() < wanted && !overdue) {
                StringBuilder jpql = new StringBuilder(tasksOf(status, false)).append(" AND a.dueAt IS NULL");
                boolean afterUndated = after != null && after.due() == null;
                if (afterUndated) {
                    jpql.append(" AND a.id > :afterId");
                }
                TypedQuery<ActivityEntity> query = em.createQuery(jpql + " ORDER BY a.id", ActivityEntity.class);
                taskParameters(query, ownerId, status, false, now);
                if (afterUndated) {
                    query.setParameter("afterId", after.id());
                }
                rows.addAll(query.setMaxResults(wanted - rows.size()).getResultList());
            }
            List<Activity> items = rows.stream().limit(page.limit()).map(ActivityEntity::view).toList();
            if (rows.size() <= page.limit()) {
                return Page.last(items);
            }
            ActivityEntity last = rows.get(page.limit() - 1);
            return new Page<>(items, new TaskPosition(last.dueAt(), last.id()).cursor().encode());
        });
    }

    private static String tasksOf(ActivityStatus status, boolean overdue) {
        return "SELECT a FROM ActivityEntity a WHERE a.deletedAt IS NULL AND a.type = :task AND a.ownerId = :owner"
                + (status == null ? "" : " AND a.status = :status") + (overdue ? " AND a.dueAt < :now" : "");
    }

    private static void taskParameters(TypedQuery<ActivityEntity> query, String ownerId, ActivityStatus status,
                                       boolean overdue, Instant now) {
        query.setParameter("task", ActivityType.TASK).setParameter("owner", ownerId);
        if (status != null) {
            query.setParameter("status", status);
        }
        if (overdue) {
            query.setParameter("now", utc(now));
        }
    }

    /** A place in a task list: after this due time (or among the undated when {@code null}) and id. */
    record TaskPosition(Instant due, String id) {
        private static final String UNDATED = "-";

        Cursor cursor() {
            return Cursor.of(due == null ? UNDATED : due.toString(), id);
        }

        static TaskPosition of(Cursor cursor) {
            if (cursor.keys().size() != 2) {
                throw invalidCursor();
            }
            try {
                String due = cursor.key(0);
                return new TaskPosition(UNDATED.equals(due) ? null : Instant.parse(due), cursor.key(1));
            } catch (DateTimeParseException e) {
                throw invalidCursor();
            }
        }
    }

    /**
     * The open tasks linked to a customer or its contacts that the caller may see, soonest due first.
     *
     * @return at most {@code limit} tasks, and how many there are
     */
    OpenTasks openTasks(String customerId, Set<String> contactIds, int limit) {
        DataScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            ScopeClause visible = scope.jpql("a.ownerId");
            Map<String, Object> parameters = new LinkedHashMap<>(visible.named());
            StringBuilder where = new StringBuilder(" FROM ActivityEntity a WHERE a.deletedAt IS NULL")
                    .append(" AND a.type = :task AND a.status = :open AND ").append(visible.condition())
                    .append(" AND EXISTS (SELECT l FROM ActivityEntity a2 JOIN a2.links l WHERE a2 = a AND (")
                    .append("(l.recordType = 'customer' AND l.recordId = :customer)");
            parameters.put("task", ActivityType.TASK);
            parameters.put("open", ActivityStatus.OPEN);
            parameters.put("customer", customerId);
            if (!contactIds.isEmpty()) {
                where.append(" OR (l.recordType = 'contact' AND l.recordId IN :contacts)");
                parameters.put("contacts", List.copyOf(contactIds));
            }
            where.append("))");
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(a)" + where, Long.class);
            parameters.forEach(count::setParameter);
            parameters.put("now", utc(now()));
            TypedQuery<Long> overdue = em.createQuery("SELECT COUNT(a)" + where + " AND a.dueAt < :now", Long.class);
            parameters.forEach(overdue::setParameter);
            parameters.remove("now");
            TypedQuery<ActivityEntity> first = em.createQuery("SELECT a" + where
                    + " ORDER BY a.dueAt ASC NULLS LAST, a.id", ActivityEntity.class);
            parameters.forEach(first::setParameter);
            return new OpenTasks(count.getSingleResult(), overdue.getSingleResult(),
                    first.setMaxResults(limit).getResultList().stream().map(ActivityEntity::view).toList());
        });
    }

    /** A customer's open tasks: how many, how many overdue, and the first few. */
    record OpenTasks(long count, long overdue, List<Activity> first) {
    }

    // ---------------------------------------------------------------- merge

    /**
     * Points the activities of a merged duplicate at the survivor: links to the duplicate name the survivor, and
     * links to contacts that moved with the merge touch the survivor. Runs in the merge's transaction.
     *
     * @return how many activities changed
     */
    int mergeCustomer(String survivorId, String duplicateId) {
        return jpa.txExpr(TransactionType.Required, em -> {
            List<ActivityEntity> linked = em.createQuery("SELECT DISTINCT a FROM ActivityEntity a JOIN a.links l"
                            + " WHERE l.customerId = :duplicate OR (l.recordType = 'customer'"
                            + " AND l.recordId = :duplicate)", ActivityEntity.class)
                    .setParameter("duplicate", duplicateId).getResultList();
            String me = services.currentUser().get().map(user -> user.id()).orElse(UserPrincipal.SYSTEM);
            Instant now = now();
            for (ActivityEntity activity : linked) {
                activity.moveCustomer(duplicateId, survivorId, me, now);
            }
            flush(em);
            refreshTouches(em, Set.of(survivorId, duplicateId));
            return linked.size();
        });
    }

    // ---------------------------------------------------------------- rules

    /**
     * Someone else may own an activity only if the caller may see their activities: a manager plans tasks for
     * the team, but nobody creates records they could not read back.
     */
    private void checkOwner(String owner, String me, DataScope scope, List<FieldError> errors) {
        if (owner.equals(me)) {
            return;
        }
        if (services.users().byId(owner).filter(user -> user.active()).isEmpty()) {
            errors.add(new FieldError("ownerId", "is not an active user"));
        } else if (!scope.allows(owner)) {
            errors.add(new FieldError("ownerId", "is a user whose activities you may not see"));
        }
    }

    /** Checks the participants that are new; those already there stay even if, say, a contact was deleted. */
    private void checkParticipants(List<Participant> participants, List<Participant> known,
                                   List<FieldError> errors) {
        for (int i = 0; i < participants.size(); i++) {
            Participant participant = participants.get(i);
            if (known.contains(participant)) {
                continue;
            }
            if (participant.kind() == ParticipantKind.USER && services.users().byId(participant.id()).isEmpty()) {
                errors.add(new FieldError("participants[" + i + "].id", "is not a user"));
            } else if (participant.kind() == ParticipantKind.CONTACT
                    && !services.recordTypes().visible(Contacts.RECORD_TYPE, participant.id())) {
                errors.add(new FieldError("participants[" + i + "].id", "is not a contact you may see"));
            }
        }
    }

    /**
     * Checks the links that are new and finds the customer each one touches.
     *
     * @param known the links the activity has, with their customers; they are kept as they are
     * @return every link with its customer (or {@code null})
     */
    private Map<ActivityLink, String> checkLinks(List<ActivityLink> links, Map<ActivityLink, String> known,
                                                 List<FieldError> errors) {
        Map<ActivityLink, String> customers = new HashMap<>();
        for (int i = 0; i < links.size(); i++) {
            ActivityLink link = links.get(i);
            if (known.containsKey(link)) {
                customers.put(link, known.get(link));
                continue;
            }
            if (!services.recordTypes().known(link.recordType())) {
                errors.add(new FieldError("links[" + i + "].recordType",
                        "is not a record type of an installed module"));
                continue;
            }
            Optional<String> customer = Optional.empty();
            boolean visible = services.recordTypes().visible(link.recordType(), link.recordId());
            if (visible && link.recordType().equals(Customers.RECORD_TYPE)) {
                // the visibility check admits deleted records; a new link needs a live one
                customer = services.customers().find(link.recordId()).map(found -> found.id());
                visible = customer.isPresent();
            } else if (visible && link.recordType().equals(Contacts.RECORD_TYPE)) {
                customer = services.contacts().find(link.recordId()).map(Contact::customerId);
                visible = customer.isPresent();
            }
            if (!visible) {
                errors.add(new FieldError("links[" + i + "].recordId", "is not a " + link.recordType()
                        + " you may see"));
            }
            customers.put(link, customer.orElse(null));
        }
        return customers;
    }

    /**
     * Sets each customer's last activity to its newest counting activity, or forgets it when none is left.
     *
     * <p>Two requests may log the first activities of a customer at once. Each makes sure the customer's row exists
     * with a statement that cannot fail on the key, then locks it: the second waits for the first to commit, and
     * its maximum, read after the lock, includes the first one's activity. Customers are taken in id order, so two
     * transactions touching the same customers never wait for each other in a circle.
     */
    private static void refreshTouches(EntityManager em, Set<String> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        String upsert = upsertTouch(em);
        for (String customerId : new TreeSet<>(customerIds)) {
            em.createNativeQuery(upsert).setParameter(1, customerId).setParameter(2, utc(Instant.EPOCH))
                    .executeUpdate();
            CustomerTouchEntity touch = em.find(CustomerTouchEntity.class, customerId,
                    LockModeType.PESSIMISTIC_WRITE);
            OffsetDateTime newest = em.createQuery("SELECT MAX(a.touchedAt) FROM ActivityEntity a JOIN a.links l"
                            + " WHERE l.customerId = :customer AND a.deletedAt IS NULL", OffsetDateTime.class)
                    .setParameter("customer", customerId).getSingleResult();
            if (newest == null) {
                em.remove(touch);
            } else {
                touch.moveTo(newest.toInstant());
            }
        }
        flush(em);
    }

    /** An insert of a customer's touch row that leaves an existing row alone and never fails on the key. */
    private static String upsertTouch(EntityManager em) {
        Connection connection = em.unwrap(Connection.class);
        String product;
        try {
            product = connection == null ? "" : connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        if (product.toLowerCase(Locale.ROOT).contains("postgres")) {
            return "INSERT INTO core_activity_customer_touch (customer_id, last_activity_at) VALUES (?, ?)"
                    + " ON CONFLICT (customer_id) DO NOTHING";
        }
        if (product.toLowerCase(Locale.ROOT).contains("h2")) {
            // a row lock on the key; the value is replaced under the lock right after
            return "MERGE INTO core_activity_customer_touch (customer_id, last_activity_at) KEY (customer_id)"
                    + " VALUES (?, ?)";
        }
        return "INSERT INTO core_activity_customer_touch (customer_id, last_activity_at) SELECT ?1, ?2"
                + " WHERE NOT EXISTS (SELECT 1 FROM core_activity_customer_touch WHERE customer_id = ?1)";
    }

    private static void refuse(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
    }

    // ---------------------------------------------------------------- helpers

    private DataScope scope() {
        return services.access().scope(RECORD_TYPE);
    }

    /** The caller's time zone, for local times given without one. */
    private ZoneId callerZone() {
        return services.currentUser().get().map(user -> zoneOf(user.timeZone())).orElse(ZoneOffset.UTC);
    }

    static ZoneId zoneOf(String zone) {
        try {
            return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static List<ActivityEntity> newestFirst(EntityManager em, StringBuilder jpql,
                                                    Map<String, Object> parameters, Position after, int limit) {
        if (after != null) {
            jpql.append(" AND (a.sortAt < :afterAt OR (a.sortAt = :afterAt AND a.id < :afterId))");
            parameters.put("afterAt", utc(after.at()));
            parameters.put("afterId", after.id());
        }
        jpql.append(" ORDER BY a.sortAt DESC, a.id DESC");
        TypedQuery<ActivityEntity> select = em.createQuery(jpql.toString(), ActivityEntity.class);
        parameters.forEach(select::setParameter);
        return select.setHint("eclipselink.batch", "a.links").setHint("eclipselink.batch", "a.participants")
                .setHint("eclipselink.batch.type", "IN").setMaxResults(limit).getResultList();
    }

    private static TimelineEntry entry(ActivityEntity activity) {
        Activity view = activity.view();
        String summary = view.outcome() != null ? view.outcome() : view.body();
        if (summary != null && summary.length() > SUMMARY_LENGTH) {
            summary = summary.substring(0, SUMMARY_LENGTH - 1) + "…";
        }
        return new TimelineEntry(view.id(), RECORD_TYPE, view.id(), view.type().name(), view.subject(),
                activity.sortAt(), summary);
    }

    static Position position(Cursor cursor) {
        if (cursor.keys().size() != 2) {
            throw invalidCursor();
        }
        try {
            return new Position(Instant.parse(cursor.key(0)), cursor.key(1));
        } catch (DateTimeParseException e) {
            throw invalidCursor();
        }
    }

    private static RuntimeException invalidCursor() {
        return Problem.validation("cursor", "is not a cursor of this list").toException();
    }

    private static Optional<ActivityEntity> live(EntityManager em, String id, DataScope scope) {
        ActivityEntity activity = id == null || id.length() > 36 ? null : em.find(ActivityEntity.class, id);
        if (activity == null || activity.deleted() || !scope.allows(activity.ownerId())) {
            return Optional.empty();
        }
        return Optional.of(activity);
    }

    static RuntimeException notFound(String id) {
        return Problem.notFound("no activity with id " + id).toException();
    }

    /** Writes now, so a concurrent change is this request's 412 instead of a failed commit later. */
    private static void flush(EntityManager em) {
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw concurrentChange();
        } catch (PersistenceException e) {
            if (e.getCause() instanceof OptimisticLockException || (e.getCause() != null
                    && e.getCause().getClass().getSimpleName().equals("OptimisticLockException"))) {
                throw concurrentChange();
            }
            throw e;
        }
    }

    private static RuntimeException concurrentChange() {
        return Problem.preconditionFailed("the activity was changed by someone else at the same time; read it again")
                .toException();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
