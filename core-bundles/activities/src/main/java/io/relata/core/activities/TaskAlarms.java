package io.relata.core.activities;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityEvent;
import io.relata.api.activity.ActivityType;
import io.relata.api.event.DomainEvents;
import io.relata.api.notification.NotificationRequest;
import io.relata.api.notification.Notifications;
import io.relata.api.security.CurrentUser;

/**
 * Tells owners about reminders that came and tasks that became overdue: an in-app notification, then a domain
 * event, once per reminder or due time. A Karaf scheduler job every minute; every node of a cluster runs it, and
 * the store's claim lets one of them announce each time. A run handles at most {@value #BATCH} of each; the rest
 * wait a minute.
 */
@Component(service = {Runnable.class, TaskAlarms.class},
        property = {"scheduler.name=relata-task-alarms", "scheduler.expression=0 * * * * ?",
                "scheduler.concurrent:Boolean=false"})
public class TaskAlarms implements Runnable {

    static final String REMINDER = "activity.reminder";
    static final String OVERDUE = "task.overdue";
    private static final Logger LOG = LoggerFactory.getLogger(TaskAlarms.class);
    private static final int BATCH = 500;
    private static final int TITLE_LENGTH = 200;

    private final ActivityStore store;
    private final Notifications notifications;
    private final DomainEvents events;
    private final CurrentUser currentUser;
    private final Clock clock;

    @Activate
    public TaskAlarms(@Reference ActivityStore store, @Reference Notifications notifications,
                      @Reference DomainEvents events, @Reference CurrentUser currentUser) {
        this(store, notifications, events, currentUser, Clock.systemUTC());
    }

    TaskAlarms(ActivityStore store, Notifications notifications, DomainEvents events, CurrentUser currentUser,
               Clock clock) {
        this.store = store;
        this.notifications = notifications;
        this.events = events;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    /** What one run announced. */
    record Announced(int reminders, int overdue) {
    }

    @Override
    public void run() {
        try {
            Announced announced = runNow();
            if (announced.reminders() + announced.overdue() > 0) {
                LOG.debug("Announced {} reminder(s) and {} overdue task(s)", announced.reminders(),
                        announced.overdue());
            }
        } catch (RuntimeException e) {
            // the scheduler would swallow it; the next minute tries again, as nothing was claimed for good
            LOG.error("Announcing reminders and overdue tasks failed", e);
        }
    }

    Announced runNow() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            return currentUser.runAsSystem(() -> new Announced(
                    store.announceReminders(now, BATCH, this::remind),
                    store.announceOverdue(now, BATCH, this::overdue)));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void remind(Activity activity, Instant now) {
        Instant at = activity.type() == ActivityType.TASK ? activity.dueAt() : activity.startAt();
        Map<String, String> params = params(activity);
        if (at != null) {
            params.put("at", at.toString());
        }
        notifications.raise(new NotificationRequest(activity.ownerId(), REMINDER,
                "reminder:" + activity.id() + ":" + activity.reminderAt(),
                title("Reminder: ", activity.subject(), at == null ? "" : " at " + at), null, Activity.RECORD_TYPE,
                activity.id(), params));
        events.publish(new ActivityEvent.ReminderDue(activity.id(), activity.type(), activity.subject(),
                activity.ownerId(), at, activity.reminderAt(), activity.links(), now));
    }

    private void overdue(Activity task, Instant now) {
        Map<String, String> params = params(task);
        params.put("dueAt", task.dueAt().toString());
        notifications.raise(new NotificationRequest(task.ownerId(), OVERDUE,
                "overdue:" + task.id() + ":" + task.dueAt(), title("Overdue: ", task.subject(),
                " (due " + task.dueAt() + ")"), null, Activity.RECORD_TYPE, task.id(), params));
        events.publish(new ActivityEvent.TaskOverdue(task.id(), task.subject(), task.ownerId(), task.dueAt(),
                task.links(), now));
    }

    private static Map<String, String> params(Activity activity) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("subject", activity.subject());
        params.put("type", activity.type().name());
        if (activity.timeZone() != null) {
            params.put("timeZone", activity.timeZone());
        }
        return params;
    }

    /** A notification title within its 200 characters: the subject gives way, the prefix and time stay. */
    static String title(String prefix, String subject, String suffix) {
        int room = TITLE_LENGTH - prefix.length() - suffix.length();
        String shown = subject.length() <= room ? subject : subject.substring(0, room - 1) + "…";
        return prefix + shown + suffix;
    }
}
