package io.relata.core.activities;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.activity.Participant;
import io.relata.api.activity.ParticipantKind;
import io.relata.core.activities.ActivityFixture.TestUser;

/**
 * The schedule, calendar feed and work summary components over an {@link ActivityFixture}, and a way to write
 * activities through the store by field name, so these tests do not depend on the order of {@link ActivityFields}.
 */
final class WorkTools {

    final ActivityFixture db;
    final Schedules schedules;
    final CalendarFeeds feeds;
    final WorkSummaries summaries;

    WorkTools(ActivityFixture db) {
        this.db = db;
        this.schedules = new Schedules(db.jpa(), db.strictCurrentUser(), db.access, db.directory(), db.clock);
        this.feeds = new CalendarFeeds(db.jpa(), db.strictCurrentUser(), db.access, db.directory(), schedules,
                db.clock);
        this.summaries = new WorkSummaries(db.jpa(), db.strictCurrentUser(), db.access, db.directory(), schedules,
                db.clock);
    }

    /** @param pairs field name, value, field name, value, … of {@link ActivityFields}; the rest are null */
    static ActivityFields fields(Object... pairs) {
        return build(ActivityFields.class, pairs);
    }

    /**
     * A record by component name, the rest null (or zero), so the tests keep compiling when a record grows.
     *
     * @param pairs component name, value, component name, value, …
     */
    static <R extends Record> R build(Class<R> type, Object... pairs) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> kind = components[i].getType();
            Object value = values.remove(components[i].getName());
            arguments[i] = value != null || !kind.isPrimitive() ? value
                    : kind == boolean.class ? Boolean.FALSE : kind == long.class ? (Object) 0L : (Object) 0;
        }
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("not components of " + type.getSimpleName() + ": " + values.keySet());
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    Activity create(TestUser as, Object... pairs) {
        return db.as(as, () -> db.store.create(fields(pairs)));
    }

    /** A meeting of {@code owner} from start to end, linked to a new customer. */
    Activity meeting(TestUser owner, String subject, Instant start, Instant end, Object... more) {
        return create(owner, with(more, "type", ActivityType.MEETING, "subject", subject, "startAt", start,
                "endAt", end, "links", List.of(customerOf(owner))));
    }

    Activity task(TestUser owner, String subject, Instant due, Object... more) {
        return create(owner, with(more, "type", ActivityType.TASK, "subject", subject, "dueAt", due,
                "links", List.of(customerOf(owner))));
    }

    Activity logged(TestUser owner, ActivityType type, String subject, Instant start, ActivityStatus status,
                    String customerId) {
        return create(owner, "type", type, "subject", subject, "startAt", start, "status", status,
                "links", List.of(new ActivityLink("customer", customerId)));
    }

    ActivityLink customerOf(TestUser owner) {
        return new ActivityLink("customer", db.customer(owner.id()));
    }

    static Participant user(String id) {
        return new Participant(ParticipantKind.USER, id);
    }

    Activity change(TestUser as, String id, java.util.function.UnaryOperator<ActivityFields> edit) {
        return db.as(as, () -> {
            Activity current = db.store.find(id).orElseThrow();
            return db.store.change(id, "\"" + current.version() + "\"", edit);
        });
    }

    private static Object[] with(Object[] more, Object... base) {
        Object[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
