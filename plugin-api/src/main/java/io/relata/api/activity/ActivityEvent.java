package io.relata.api.activity;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.relata.api.event.DomainEvent;

/** What happens to activities, published after the change committed. Only core publishes these. */
@ProviderType
public interface ActivityEvent extends DomainEvent {

    /** @return the activity's id */
    String activityId();

    /** An activity was logged or planned (topic {@code activity.created}). */
    record Created(String activityId, ActivityType type, ActivityStatus status, String ownerId,
                   List<ActivityLink> links, Instant occurredAt) implements ActivityEvent {
        public static final String TOPIC = "activity.created";

        public Created {
            links = List.copyOf(links);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** Fields of an activity changed (topic {@code activity.updated}); {@code fields} names them. */
    record Updated(String activityId, Set<String> fields, Instant occurredAt) implements ActivityEvent {
        public static final String TOPIC = "activity.updated";

        public Updated {
            fields = Set.copyOf(fields);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /**
     * An activity was marked done (topic {@code activity.completed}), when created so or by a later change; the
     * change also publishes {@link Updated}.
     */
    record Completed(String activityId, ActivityType type, String ownerId, List<ActivityLink> links,
                     Instant occurredAt) implements ActivityEvent {
        public static final String TOPIC = "activity.completed";

        public Completed {
            links = List.copyOf(links);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /**
     * A reminder time came (topic {@code activity.reminder}): published once per reminder time, by one node, after
     * the owner's in-app notification committed.
     *
     * @param at the start of a meeting or visit, or the due time of a task; {@code null} when it has neither
     */
    record ReminderDue(String activityId, ActivityType type, String subject, String ownerId, Instant at,
                       Instant reminderAt, List<ActivityLink> links, Instant occurredAt) implements ActivityEvent {
        public static final String TOPIC = "activity.reminder";

        public ReminderDue {
            links = List.copyOf(links);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /**
     * An open task passed its due time (topic {@code task.overdue}): published once per due time, by one node. A
     * task created already past due is not announced; moving its due time and missing it again is.
     */
    record TaskOverdue(String activityId, String subject, String ownerId, Instant dueAt, List<ActivityLink> links,
                       Instant occurredAt) implements ActivityEvent {
        public static final String TOPIC = "task.overdue";

        public TaskOverdue {
            links = List.copyOf(links);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }
}
