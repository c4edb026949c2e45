package io.relata.core.activities;

import static io.relata.core.activities.ActivityStoreTest.contact;
import static io.relata.core.activities.ActivityStoreTest.customer;
import static io.relata.core.activities.ActivityStoreTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityEvent;
import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.activity.Recurrence;
import io.relata.api.activity.RecurrenceFrequency;
import io.relata.api.notification.Notification;
import io.relata.api.notification.NotificationRequest;
import io.relata.api.notification.Notifications;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.core.activities.ActivityFixture.TestUser;

class TasksTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /**
     * Records every raise, without the real bundle's (user, key) uniqueness: what is tested here is that the
     * activities' own claim announces each time once.
     */
    static final class RecordingNotifications implements Notifications {
        final List<NotificationRequest> raised = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public Optional<Notification> raise(NotificationRequest request) {
            if (failing.get()) {
                throw new IllegalStateException("notifications are down");
            }
            raised.add(request);
            return Optional.empty();
        }

        List<NotificationRequest> ofKind(String kind) {
            return raised.stream().filter(request -> request.kind().equals(kind)).toList();
        }
    }

    static ActivityFields task(String subject, Instant due, Instant reminder, Recurrence recurrence,
                               ActivityLink... links) {
        return new ActivityFields(ActivityType.TASK, subject, null, null, null, null, null, due, null, null, null,
                null, null, null, List.of(links), reminder, recurrence, null, null, null, null);
    }

    static ActivityFields localTask(String subject, LocalDateTime due, String zone, Recurrence recurrence,
                                    ActivityLink... links) {
        return new ActivityFields(ActivityType.TASK, subject, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(links), null, recurrence, zone, null, null, due);
    }

    private static TaskAlarms alarms(ActivityFixture db, Notifications notifications) {
        return new TaskAlarms(db.store, notifications, db.domainEvents, db.currentUser, db.clock);
    }

    private static List<FieldError> refusal(Runnable work) {
        try {
            work.run();
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            return e.problem().errors();
        }
        throw new AssertionError("expected a 400 problem");
    }

    // ---- time zones ----------------------------------------------------------------------------------------

    @OnEveryDatabase
    void aTaskDueTomorrowAtNineInShanghaiIsDueAtOneUtc(ActivityFixture db) {
        TestUser mei = db.rep("mei");
        db.timeZones.put("mei", "Asia/Shanghai");
        String acme = db.customer("mei");
        LocalDate tomorrow = LocalDate.ofInstant(db.clock.now(), SHANGHAI).plusDays(1);

        Activity task = db.as(mei, () -> db.store.create(localTask("Send the offer",
                tomorrow.atTime(9, 0), null, null, customer(acme))));

        assertThat(task.dueAt()).isEqualTo(tomorrow.atTime(1, 0).toInstant(java.time.ZoneOffset.UTC));
        assertThat(task.timeZone()).isEqualTo("Asia/Shanghai");
        assertThat(db.as(mei, () -> db.store.find(task.id())).orElseThrow().dueAt()).isEqualTo(task.dueAt());

        TestUser ada = db.rep("ada");
        String other = db.customer("ada");
        Activity inLondon = db.as(ada, () -> db.store.create(localTask("Call back", LocalDateTime.of(2026, 7, 1, 9, 0),
                "Europe/London", null, customer(other))));
        assertThat(inLondon.dueAt()).as("summer time").isEqualTo(Instant.parse("2026-07-01T08:00:00Z"));
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(localTask("x", LocalDateTime.of(2026, 7, 1, 9, 0),
                "Mars/Olympus", null, customer(other)))))).extracting(FieldError::field).containsExactly("timeZone");
    }

    @OnEveryDatabase
    void remindersAndRecurrencesAreValidated(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Instant due = db.clock.now().plus(Duration.ofDays(1));

        assertThat(refusal(() -> db.as(ada, () -> db.store.create(task("x", due, due.plusSeconds(60), null,
                customer(acme)))))).containsExactly(new FieldError("reminderAt", "must not be after the due time"));
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(task("x", null, due, null, customer(acme))))))
                .extracting(FieldError::field).containsExactly("reminderAt");
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(task("x", due, null,
                new Recurrence(RecurrenceFrequency.WEEKLY, 100, null), customer(acme))))))
                .extracting(FieldError::field).containsExactly("recurrence.interval");
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(task("x", due, null,
                new Recurrence(null, 1, LocalDate.of(2020, 1, 1)), customer(acme))))))
                .extracting(FieldError::field).containsExactlyInAnyOrder("recurrence.frequency", "recurrence.until");
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(task("x", null, null,
                new Recurrence(RecurrenceFrequency.DAILY, 1, null), customer(acme))))))
                .extracting(FieldError::field).containsExactly("dueAt");
        ActivityFields meetingThatRecurs = new ActivityFields(ActivityType.MEETING, "Weekly", null, null, null, due,
                null, null, null, null, null, null, null, null, List.of(customer(acme)), null,
                new Recurrence(RecurrenceFrequency.WEEKLY, 1, null), null, null, null, null);
        assertThat(refusal(() -> db.as(ada, () -> db.store.create(meetingThatRecurs))))
                .extracting(FieldError::field).containsExactly("recurrence");
    }

    // ---- recurrence ----------------------------------------------------------------------------------------

    @OnEveryDatabase
    void aMonthlyTaskOnTheThirtyFirstKeepsItsDayAcrossShortMonths(ActivityFixture db) {
        TestUser mei = db.rep("mei");
        db.timeZones.put("mei", "Asia/Shanghai");
        String acme = db.customer("mei");
        Activity first = db.as(mei, () -> db.store.create(localTask("Monthly report",
                LocalDateTime.of(2027, 10, 31, 9, 0), null, new Recurrence(RecurrenceFrequency.MONTHLY, 1,
                        LocalDate.of(2028, 3, 31)), customer(acme))));

        List<LocalDateTime> dues = new ArrayList<>();
        Activity current = first;
        dues.add(LocalDateTime.ofInstant(current.dueAt(), SHANGHAI));
        for (int i = 0; i < 10; i++) {
            Activity open = current;
            db.as(mei, () -> db.store.change(open.id(), etag(db, open.id()),
                    fields -> withStatus(fields, ActivityStatus.DONE)));
            List<Activity> next = openTasks(db, mei);
            if (next.isEmpty()) {
                break;
            }
            assertThat(next).hasSize(1);
            current = next.get(0);
            dues.add(LocalDateTime.ofInstant(current.dueAt(), SHANGHAI));
        }

        assertThat(dues).containsExactly(LocalDateTime.of(2027, 10, 31, 9, 0), LocalDateTime.of(2027, 11, 30, 9, 0),
                LocalDateTime.of(2027, 12, 31, 9, 0), LocalDateTime.of(2028, 1, 31, 9, 0),
                LocalDateTime.of(2028, 2, 29, 9, 0), LocalDateTime.of(2028, 3, 31, 9, 0));
        assertThat(current.seriesId()).isEqualTo(first.id());
        assertThat(current.recurrence()).isEqualTo(first.recurrence());
        assertThat(current.links()).containsExactly(customer(acme));
        assertThat(db.events(ActivityEvent.Created.class)).hasSize(6);
    }

    @OnEveryDatabase
    void aWeeklyTaskKeepsItsLocalTimeAcrossDaylightSavingAndItsReminderLead(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        db.timeZones.put("ada", "Europe/Berlin");
        String acme = db.customer("ada");
        Instant due = LocalDateTime.of(2027, 3, 22, 9, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant();
        Activity first = db.as(ada, () -> db.store.create(task("Stand-up notes", due, due.minus(Duration.ofMinutes(30)),
                new Recurrence(RecurrenceFrequency.WEEKLY, 1, null), customer(acme))));

        db.as(ada, () -> db.store.change(first.id(), etag(db, first.id()),
                fields -> withStatus(fields, ActivityStatus.CANCELLED)));
        Activity second = openTasks(db, ada).get(0);

        assertThat(second.dueAt()).as("09:00 summer time").isEqualTo(Instant.parse("2027-03-29T07:00:00Z"));
        assertThat(second.reminderAt()).isEqualTo(Instant.parse("2027-03-29T06:30:00Z"));
        assertThat(second.timeZone()).isEqualTo("Europe/Berlin");
    }

    @OnEveryDatabase
    void reopeningAndClosingATaskAgainDoesNotRepeatTheNextOne(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Activity daily = db.as(ada, () -> db.store.create(task("Check inbox", db.clock.now().plus(Duration.ofHours(1)),
                null, new Recurrence(RecurrenceFrequency.DAILY, 2, null), customer(acme))));

        db.as(ada, () -> db.store.change(daily.id(), etag(db, daily.id()),
                fields -> withStatus(fields, ActivityStatus.DONE)));
        db.as(ada, () -> db.store.change(daily.id(), etag(db, daily.id()),
                fields -> withStatus(fields, ActivityStatus.OPEN)));
        db.as(ada, () -> db.store.change(daily.id(), etag(db, daily.id()),
                fields -> withStatus(fields, ActivityStatus.DONE)));

        List<Activity> open = openTasks(db, ada);
        assertThat(open).hasSize(1);
        assertThat(open.get(0).dueAt()).isEqualTo(daily.dueAt().plus(Duration.ofDays(2)));
    }

    @OnEveryDatabase
    void aRecurrenceWithoutIntervalRepeatsEveryPeriod(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Activity task = db.as(ada, () -> db.store.create(task("Daily", db.clock.now().plus(Duration.ofHours(1)), null,
                new Recurrence(RecurrenceFrequency.DAILY, null, null), customer(acme))));

        assertThat(task.recurrence()).isEqualTo(new Recurrence(RecurrenceFrequency.DAILY, 1, null));
    }

    @OnEveryDatabase
    void aSeriesEndsAtItsUntilDate(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Instant due = Instant.parse("2027-01-04T09:00:00Z");
        Activity last = db.as(ada, () -> db.store.create(task("Weekly", due, null,
                new Recurrence(RecurrenceFrequency.WEEKLY, 1, LocalDate.of(2027, 1, 10)), customer(acme))));

        db.as(ada, () -> db.store.change(last.id(), etag(db, last.id()),
                fields -> withStatus(fields, ActivityStatus.DONE)));

        assertThat(openTasks(db, ada)).isEmpty();
    }

    // ---- reminders and overdue tasks -------------------------------------------------------------------------

    @OnEveryDatabase
    void aReminderFiresOnceAcrossNodesAndRestarts(ActivityFixture db) throws Exception {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Instant due = db.clock.now().plus(Duration.ofHours(2));
        Activity task = db.as(ada, () -> db.store.create(task("Call Li back", due, due.minus(Duration.ofHours(1)),
                null, customer(acme))));
        RecordingNotifications notifications = new RecordingNotifications();

        assertThat(alarms(db, notifications).runNow()).isEqualTo(new TaskAlarms.Announced(0, 0));
        db.clock.advance(Duration.ofHours(1));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<TaskAlarms.Announced>> nodes = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            TaskAlarms alarms = alarms(db, notifications);
            nodes.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return alarms.runNow();
            }));
        }
        start.countDown();
        int announced = 0;
        for (CompletableFuture<TaskAlarms.Announced> node : nodes) {
            announced += node.get().reminders();
        }
        alarms(db, notifications).runNow(); // a restarted node

        assertThat(announced).isEqualTo(1);
        assertThat(notifications.ofKind(TaskAlarms.REMINDER)).singleElement().satisfies(raised -> {
            assertThat(raised.userId()).isEqualTo("ada");
            assertThat(raised.recordId()).isEqualTo(task.id());
            assertThat(raised.key()).isEqualTo("reminder:" + task.id() + ":" + task.reminderAt());
            assertThat(raised.params()).containsEntry("subject", "Call Li back").containsEntry("at", due.toString());
        });
        assertThat(db.events(ActivityEvent.ReminderDue.class)).singleElement()
                .satisfies(event -> assertThat(event.at()).isEqualTo(due));

        // a new reminder time is a new reminder
        db.as(ada, () -> db.store.change(task.id(), etag(db, task.id()),
                fields -> new ActivityFields(fields.type(), fields.subject(),
                fields.body(), null, null, null, null, fields.dueAt(), null, null, null, fields.status(),
                fields.ownerId(), fields.participants(), fields.links(), due.minus(Duration.ofMinutes(10)), null,
                fields.timeZone(), null, null, null)));
        alarms(db, notifications).runNow();
        assertThat(notifications.ofKind(TaskAlarms.REMINDER)).hasSize(1);
        db.clock.advance(Duration.ofMinutes(55));
        alarms(db, notifications).runNow();
        assertThat(notifications.ofKind(TaskAlarms.REMINDER)).hasSize(2);
    }

    @org.junit.jupiter.api.Test
    void notificationTitlesShortenTheSubjectToFitTheirTwoHundredCharacters() {
        String title = TaskAlarms.title("Overdue: ", "x".repeat(200), " (due 2026-11-30T01:00:00Z)");

        assertThat(title).hasSize(200).startsWith("Overdue: xxx").endsWith("x… (due 2026-11-30T01:00:00Z)");
        assertThat(TaskAlarms.title("Reminder: ", "Call", "")).isEqualTo("Reminder: Call");
    }

    @OnEveryDatabase
    void remindersSetInThePastOrOfClosedActivitiesStaySilent(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Instant now = db.clock.now();
        db.as(ada, () -> db.store.create(task("Late", now.plus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(5)),
                null, customer(acme))));
        Activity done = db.as(ada, () -> db.store.create(task("Done early", now.plus(Duration.ofHours(2)),
                now.plus(Duration.ofMinutes(30)), null, customer(acme))));
        db.as(ada, () -> db.store.change(done.id(), etag(db, done.id()),
                fields -> withStatus(fields, ActivityStatus.DONE)));
        RecordingNotifications notifications = new RecordingNotifications();

        db.clock.advance(Duration.ofMinutes(45));
        alarms(db, notifications).runNow();

        assertThat(notifications.raised).isEmpty();
    }

    @OnEveryDatabase
    void aFailedNotificationLeavesTheReminderForTheNextRun(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Instant due = db.clock.now().plus(Duration.ofHours(1));
        db.as(ada, () -> db.store.create(task("Renewal", due, due.minus(Duration.ofMinutes(15)), null,
                customer(acme))));
        RecordingNotifications notifications = new RecordingNotifications();
        db.clock.advance(Duration.ofMinutes(50));

        notifications.failing.set(true);
        assertThatThrownBy(() -> alarms(db, notifications).runNow()).hasMessageContaining("notifications are down");
        assertThat(db.events(ActivityEvent.ReminderDue.class)).isEmpty();
        notifications.failing.set(false);
        alarms(db, notifications).runNow();

        assertThat(notifications.ofKind(TaskAlarms.REMINDER)).hasSize(1);
        assertThat(db.events(ActivityEvent.ReminderDue.class)).hasSize(1);
    }

    @OnEveryDatabase
    void anOpenTaskIsAnnouncedOverdueOncePerDueTime(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String acme = db.customer("ada");
        Instant now = db.clock.now();
        Activity task = db.as(ada, () -> db.store.create(task("Send contract", now.plus(Duration.ofHours(1)), null,
                null, customer(acme))));
        db.as(ada, () -> db.store.create(task("Already late when planned", now.minus(Duration.ofDays(1)), null, null,
                customer(acme))));
        db.as(ada, () -> db.store.create(ActivityStoreTest.logged(ActivityType.MEETING, "A meeting, not a task",
                now.plus(Duration.ofMinutes(30)), ActivityStatus.OPEN, customer(acme))));
        RecordingNotifications notifications = new RecordingNotifications();

        db.clock.advance(Duration.ofHours(2));
        alarms(db, notifications).runNow();
        alarms(db, notifications).runNow();

        assertThat(notifications.ofKind(TaskAlarms.OVERDUE)).singleElement()
                .satisfies(raised -> assertThat(raised.recordId()).isEqualTo(task.id()));
        assertThat(db.events(ActivityEvent.TaskOverdue.class)).singleElement().satisfies(event -> {
            assertThat(event.activityId()).isEqualTo(task.id());
            assertThat(event.dueAt()).isEqualTo(task.dueAt());
            assertThat(event.links()).containsExactly(customer(acme));
        });

        Instant later = db.clock.now().plus(Duration.ofHours(1));
        db.as(ada, () -> db.store.change(task.id(), etag(db, task.id()), fields -> new ActivityFields(fields.type(),
                fields.subject(), null, null, null, null, null, later, null, null, null, fields.status(),
                fields.ownerId(), fields.participants(), fields.links(), null, null, fields.timeZone(), null, null,
                null)));
        db.clock.advance(Duration.ofHours(2));
        alarms(db, notifications).runNow();
        assertThat(db.events(ActivityEvent.TaskOverdue.class)).hasSize(2);
    }

    // ---- my tasks --------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void myTasksComeSoonestDueFirstWithUndatedLastAcrossPages(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        String acme = db.customer("ada");
        String bobs = db.customer("bob");
        Instant now = db.clock.now();
        for (int hours : new int[] {-3, 5, -1, 2}) {
            db.as(ada, () -> db.store.create(task("due " + hours, now.plus(Duration.ofHours(hours)), null, null,
                    customer(acme))));
        }
        for (int i = 0; i < 3; i++) {
            int n = i;
            db.as(ada, () -> db.store.create(task("undated " + n, null, null, null, customer(acme))));
        }
        db.as(bob, () -> db.store.create(task("bob's", now, null, null, customer(bobs))));
        Activity done = db.as(ada, () -> db.store.create(task("done", now, null, null, customer(acme))));
        db.as(ada, () -> db.store.change(done.id(), etag(db, done.id()),
                fields -> withStatus(fields, ActivityStatus.DONE)));

        List<String> subjects = new ArrayList<>();
        PageRequest page = new PageRequest(2, null);
        while (true) {
            PageRequest current = page;
            Page<Activity> tasks = db.as(ada, () -> db.store.tasks("ada", ActivityStatus.OPEN, false, current));
            tasks.items().forEach(task -> subjects.add(task.subject()));
            if (tasks.nextCursor() == null) {
                break;
            }
            page = PageRequest.of("2", tasks.nextCursor());
        }
        assertThat(subjects.subList(0, 4)).containsExactly("due -3", "due -1", "due 2", "due 5");
        assertThat(subjects.subList(4, 7)).containsExactlyInAnyOrder("undated 0", "undated 1", "undated 2");

        assertThat(db.as(ada, () -> db.store.tasks("ada", ActivityStatus.OPEN, true, new PageRequest(50, null)))
                .items()).extracting(Activity::subject).containsExactly("due -3", "due -1");
        assertThat(db.as(ada, () -> db.store.tasks("ada", ActivityStatus.DONE, false, new PageRequest(50, null)))
                .items()).extracting(Activity::subject).containsExactly("done");
        assertThat(db.as(ada, () -> db.store.tasks("bob", null, false, new PageRequest(50, null))).items())
                .as("not in ada's scope").isEmpty();
    }

    // ---- merge and the 360 view ------------------------------------------------------------------------------

    @OnEveryDatabase
    void mergingACustomerMovesItsActivitiesAndLastActivity(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        String survivor = db.customer("ada");
        String duplicate = db.customer("ada");
        String li = db.contact(duplicate);
        Instant now = db.clock.now();
        Activity both = db.as(ada, () -> db.store.create(ActivityStoreTest.logged(ActivityType.CALL, "Both",
                now.minus(Duration.ofDays(3)), ActivityStatus.DONE, customer(survivor), customer(duplicate))));
        Activity withLi = db.as(ada, () -> db.store.create(ActivityStoreTest.logged(ActivityType.VISIT, "Li",
                now.minus(Duration.ofDays(1)), ActivityStatus.DONE, contact(li))));
        Activity task = db.as(ada, () -> db.store.create(task("Follow up", now.plus(Duration.ofDays(1)), null, null,
                customer(duplicate))));

        db.contacts.put(li, survivor); // core moved the contacts first
        int moved = db.store.mergeCustomer(survivor, duplicate);

        assertThat(moved).isEqualTo(3);
        assertThat(db.as(ada, () -> db.store.find(both.id())).orElseThrow().links())
                .containsExactly(customer(survivor));
        assertThat(db.as(ada, () -> db.store.find(task.id())).orElseThrow().links())
                .containsExactly(customer(survivor));
        assertThat(db.store.lastActivity(List.of(survivor, duplicate)))
                .containsExactly(java.util.Map.entry(survivor, withLi.startAt()));
        assertThat(db.as(ada, () -> db.store.openTasks(survivor, java.util.Set.of(li), 5)).first())
                .extracting(Activity::id).containsExactly(task.id());
    }

    @OnEveryDatabase
    void aCustomersOpenTasksCountOverdueOnesAndRespectTheScope(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        TestUser boss = db.manager("boss", "ada");
        String acme = db.customer("ada");
        String li = db.contact(acme);
        Instant now = db.clock.now();
        db.as(ada, () -> db.store.create(task("Overdue", now.minus(Duration.ofHours(1)), null, null, customer(acme))));
        db.as(ada, () -> db.store.create(task("Undated", null, null, null, contact(li))));
        db.as(ada, () -> db.store.create(task("Soon", now.plus(Duration.ofHours(1)), null, null, customer(acme))));
        db.as(bob, () -> db.store.create(task("Bob's", now, null, null, customer(acme))));

        ActivityStore.OpenTasks seenByBoss = db.as(boss, () -> db.store.openTasks(acme, java.util.Set.of(li), 2));

        assertThat(seenByBoss.count()).isEqualTo(3);
        assertThat(seenByBoss.overdue()).isEqualTo(1);
        assertThat(seenByBoss.first()).extracting(Activity::subject).containsExactly("Overdue", "Soon");
        assertThat(db.as(bob, () -> db.store.openTasks(acme, java.util.Set.of(li), 5)).count()).isEqualTo(1);
    }

    /** The ETag the acting user reads now. */
    private static String etag(ActivityFixture db, String id) {
        return new EntityVersion(db.store.find(id).orElseThrow().version()).etag();
    }

    @OnEveryDatabase
    void twoFirstActivitiesOfACustomerLoggedAtOnceBothCountForItsLastActivity(ActivityFixture db) throws Exception {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        for (int round = 0; round < 5; round++) {
            String acme = db.customer("ada");
            Instant earlier = db.clock.now().minus(Duration.ofHours(2));
            Instant later = db.clock.now().minus(Duration.ofHours(1));
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Activity> first = CompletableFuture.supplyAsync(() -> {
                await(start);
                return db.as(ada, () -> db.store.create(ActivityStoreTest.logged(ActivityType.CALL, "Call",
                        earlier, ActivityStatus.DONE, customer(acme))));
            });
            CompletableFuture<Activity> second = CompletableFuture.supplyAsync(() -> {
                await(start);
                return db.as(bob, () -> db.store.create(ActivityStoreTest.logged(ActivityType.VISIT, "Visit",
                        later, ActivityStatus.DONE, customer(acme))));
            });
            start.countDown();
            first.get();
            second.get();

            assertThat(db.store.lastActivity(List.of(acme))).containsExactly(java.util.Map.entry(acme, later));
        }
    }

    @OnEveryDatabase
    void pluginsReadActivitiesLinkedToTheirRecordsThroughTheCallersScope(ActivityFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        TestUser outsider = db.user("eve", java.util.Set.of("customers:read"),
                new io.relata.api.security.DataScope(io.relata.api.security.ScopeKind.ALL, java.util.Set.of()));
        String acme = db.customer("ada");
        db.visibleLeads.add("lead-1");
        ActivityLink lead = new ActivityLink("lead", "lead-1");
        Activity adas = db.as(ada, () -> db.store.create(ActivityStoreTest.activity(ActivityType.NOTE, "About the lead",
                lead, customer(acme))));
        db.as(bob, () -> db.store.create(ActivityStoreTest.activity(ActivityType.NOTE, "Bob's note", lead)));
        io.relata.api.activity.Activities reads = new ActivityReads(db.store, db.access);

        assertThat(db.as(ada, () -> reads.linkedTo(lead, new PageRequest(50, null))).items())
                .extracting(Activity::id).containsExactly(adas.id());
        assertThat(db.as(ada, () -> reads.find(adas.id()))).isPresent();
        assertThat(db.as(bob, () -> reads.find(adas.id()))).isEmpty();
        assertThat(db.as(outsider, () -> reads.linkedTo(lead, new PageRequest(50, null))).items())
                .as("no activities:read").isEmpty();
    }

    private static List<Activity> openTasks(ActivityFixture db, TestUser user) {
        return db.as(user, () -> db.store.tasks(user.id(), ActivityStatus.OPEN, false, new PageRequest(50, null)))
                .items();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
