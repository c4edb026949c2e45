package io.relata.core.notifications;

import static io.relata.core.notifications.NotificationsFixture.ADA;
import static io.relata.core.notifications.NotificationsFixture.BOB;
import static io.relata.core.notifications.NotificationsFixture.request;
import static io.relata.testing.Refusals.fieldsRejectedBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.relata.api.notification.Notification;
import io.relata.api.notification.NotificationRaised;
import io.relata.api.notification.NotificationRequest;
import io.relata.api.rest.PageRequest;
import io.relata.core.notifications.JdbcNotifications.Dialect;

/** Raising notifications: what is stored, idempotency per user and key (also under races), validation, events. */
class JdbcNotificationsTest {

    private static final PageRequest ALL = new PageRequest(PageRequest.MAX_LIMIT, null);

    @OnEveryDatabase
    void aRaisedNotificationIsStoredAndAnnouncedOnce(NotificationsFixture fixture) {
        Map<String, String> params = Map.of("subject", "给上海浦东贸易有限公司回电话", "quote", "say \"hi\"\n😀");
        NotificationRequest request = new NotificationRequest(ADA, "activity.reminder", "reminder:a-1:0800",
                "Call back", "客户要求回电", "activity", "a-1", params);

        Notification raised = fixture.notifications.raise(request).orElseThrow();

        assertThat(raised.id()).isNotBlank();
        assertThat(raised.userId()).isEqualTo(ADA);
        assertThat(raised.createdAt()).isEqualTo(NotificationsFixture.START.truncatedTo(ChronoUnit.MICROS));
        assertThat(raised.readAt()).isNull();
        assertThat(fixture.notifications.list(ADA, false, ALL).items()).containsExactly(raised);
        assertThat(raised).isEqualTo(new Notification(raised.id(), ADA, "activity.reminder", "Call back",
                "客户要求回电", "activity", "a-1", params, raised.createdAt(), null));
        assertThat(fixture.tables.text("SELECT dedupe_key FROM core_notification")).isEqualTo("reminder:a-1:0800");
        assertThat(fixture.events.published).singleElement().isEqualTo(new NotificationRaised(raised.id(), ADA,
                "activity.reminder", "activity", "a-1", raised.createdAt()));
        assertThat(fixture.events.published.get(0).topic()).isEqualTo("notification.raised");
    }

    @OnEveryDatabase
    void theOptionalPartsMayBeLeftOut(NotificationsFixture fixture) {
        Notification raised = fixture.notifications.raise(new NotificationRequest(ADA, "birthday.today", "b:2026",
                "Ada's birthday", null, null, null, null)).orElseThrow();

        assertThat(fixture.notifications.list(ADA, false, ALL).items()).singleElement().satisfies(stored -> {
            assertThat(stored).isEqualTo(raised);
            assertThat(stored.body()).isNull();
            assertThat(stored.recordType()).isNull();
            assertThat(stored.params()).isEmpty();
        });
        assertThat(fixture.tables.text("SELECT params FROM core_notification")).isNull();
    }

    @OnEveryDatabase
    void theSameKeyTwiceIsOneNotificationEvenOnceRead(NotificationsFixture fixture) {
        Notification first = fixture.notifications.raise(request(ADA, "reminder:a-1")).orElseThrow();
        fixture.clock.advance(Duration.ofMinutes(1));

        assertThat(fixture.notifications.raise(request(ADA, "reminder:a-1"))).isEmpty();
        fixture.notifications.markRead(ADA, first.id());
        assertThat(fixture.notifications.raise(request(ADA, "reminder:a-1"))).isEmpty();

        assertThat(fixture.count("user_id = ?", ADA)).isOne();
        assertThat(fixture.events.published).hasSize(1);
        // the key is unique per user: another user, or another key, is another notification
        assertThat(fixture.notifications.raise(request(BOB, "reminder:a-1"))).isPresent();
        assertThat(fixture.notifications.raise(request(ADA, "reminder:a-2"))).isPresent();
        assertThat(fixture.count("1 = 1")).isEqualTo(3);
        assertThat(fixture.events.published).hasSize(3);
    }

    @OnEveryDatabase
    void postgresSkipsTheDuplicateInTheInsertItself(NotificationsFixture fixture) throws Exception {
        try (Connection connection = fixture.connect()) {
            assertThat(Dialect.of(connection))
                    .isEqualTo(fixture.isPostgres() ? Dialect.POSTGRESQL : Dialect.OTHER);
        }
    }

    @OnEveryDatabase
    void aDuplicateLeavesTheCallersTransactionUsable(NotificationsFixture fixture) throws Exception {
        fixture.notifications.raise(request(ADA, "reminder:a-1"));
        List<Optional<Notification>> answers = new ArrayList<>();

        // on PostgreSQL any failed statement would abort the transaction and fail the commit
        fixture.inTransaction(true, () -> {
            answers.add(fixture.notifications.raise(request(ADA, "reminder:a-1")));
            answers.add(fixture.notifications.raise(request(ADA, "reminder:a-2")));
        });

        assertThat(answers.get(0)).isEmpty();
        assertThat(answers.get(1)).isPresent();
        assertThat(fixture.count("user_id = ?", ADA)).isEqualTo(2);
    }

    @OnEveryDatabase
    void aRaiseIsPartOfTheCallersTransaction(NotificationsFixture fixture) throws Exception {
        fixture.inTransaction(false, () -> assertThat(fixture.notifications.raise(request(ADA, "k"))).isPresent());

        assertThat(fixture.count("1 = 1")).isZero();
        assertThat(fixture.events.published).isEmpty();

        // rolled back, the key is free again
        fixture.inTransaction(true, () -> assertThat(fixture.notifications.raise(request(ADA, "k"))).isPresent());
        assertThat(fixture.count("1 = 1")).isOne();
        assertThat(fixture.events.published).hasSize(1);
    }

    @OnEveryDatabase
    void whoLosesARaceGetsNothingAndItsTransactionGoesOn(NotificationsFixture fixture) throws Exception {
        Connection winner = fixture.connect();
        Connection loser = fixture.connect();
        winner.setAutoCommit(false);
        loser.setAutoCommit(false);
        if (!fixture.isPostgres()) {
            // H2 gives up waiting for a lock after 2 s by default; a slow machine must not make the test flaky
            try (Statement patient = loser.createStatement()) {
                patient.execute("SET LOCK_TIMEOUT 20000");
            }
        }
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            assertThat(fixture.on(winner).raise(request(ADA, "race"))).isPresent();
            // the loser's insert waits for the winner's uncommitted row
            Future<Optional<Notification>> second = thread.submit(() -> fixture.on(loser).raise(request(ADA, "race")));
            Thread.sleep(300);
            assertThat(second).as("waits for the first transaction").isNotDone();

            winner.commit();

            assertThat(second.get(15, TimeUnit.SECONDS)).isEmpty();
            assertThat(fixture.on(loser).raise(request(ADA, "after the race"))).isPresent();
            loser.commit();
        } finally {
            thread.shutdownNow();
        }
        assertThat(fixture.count("user_id = ? AND dedupe_key = ?", ADA, "race")).isOne();
        assertThat(fixture.count("user_id = ? AND dedupe_key = ?", ADA, "after the race")).isOne();
        assertThat(fixture.events.published).hasSize(2);
    }

    @OnEveryDatabase
    void manyThreadsRaisingOneKeyNotifyOnceWithoutAnError(NotificationsFixture fixture) throws Exception {
        int threads = 6;
        int keys = 15;
        JdbcNotifications pooled = fixture.pooled();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int key = 0; key < keys; key++) {
                String dedupeKey = "key-" + key;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<Notification>>> raises = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    raises.add(pool.submit(() -> {
                        start.await();
                        return pooled.raise(request(BOB, dedupeKey));
                    }));
                }
                start.countDown();
                int raised = 0;
                for (Future<Optional<Notification>> answer : raises) {
                    // get() rethrows whatever a raise threw, which fails the test
                    raised += answer.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
                }
                assertThat(raised).as("raised of %s", dedupeKey).isOne();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.count("user_id = ?", BOB)).isEqualTo(keys);
        assertThat(fixture.events.published).hasSize(keys)
                .extracting(event -> ((NotificationRaised) event).notificationId()).doesNotHaveDuplicates();
    }

    @OnEveryDatabase
    void invalidRequestsAreRefusedNamingTheFieldAndWriteNothing(NotificationsFixture fixture) {
        JdbcNotifications notifications = fixture.notifications;

        assertThat(fieldsRejectedBy(() -> notifications.raise(request("u-nobody", "k")))).containsExactly("userId");
        assertThat(fieldsRejectedBy(() -> notifications.raise(request(" ", "k")))).containsExactly("userId");
        assertThat(fieldsRejectedBy(() -> notifications.raise(request("u".repeat(37), "k"))))
                .containsExactly("userId");
        for (String kind : new String[] {"", "reminder", "Activity.Reminder", "activity..reminder", "activity.",
                ".reminder", "activity reminder", "activity.1st", "a." + "b".repeat(99)}) {
            assertThat(fieldsRejectedBy(() -> notifications.raise(new NotificationRequest(ADA, kind, "k", "T", null,
                    null, null, null)))).as("kind %s", kind).containsExactly("kind");
        }
        assertThat(fieldsRejectedBy(() -> notifications.raise(with(ADA, " ", "T", null)))).containsExactly("key");
        assertThat(fieldsRejectedBy(() -> notifications.raise(with(ADA, "k".repeat(201), "T", null))))
                .containsExactly("key");
        assertThat(fieldsRejectedBy(() -> notifications.raise(with(ADA, "k", "", null)))).containsExactly("title");
        assertThat(fieldsRejectedBy(() -> notifications.raise(with(ADA, "k", "t".repeat(201), null))))
                .containsExactly("title");
        assertThat(fieldsRejectedBy(() -> notifications.raise(with(ADA, "k", "T", "b".repeat(2001)))))
                .containsExactly("body");
        assertThat(fieldsRejectedBy(() -> notifications.raise(new NotificationRequest(ADA, "a.b", "k", "T", null,
                "activity", null, null)))).containsExactly("recordId");
        assertThat(fieldsRejectedBy(() -> notifications.raise(new NotificationRequest(ADA, "a.b", "k", "T", null,
                null, "a-1", null)))).containsExactly("recordType");
        assertThat(fieldsRejectedBy(() -> notifications.raise(new NotificationRequest(ADA, "a.b", "k", "T", null,
                "activity", "a".repeat(65), null)))).containsExactly("recordId");
        assertThat(fieldsRejectedBy(() -> notifications.raise(new NotificationRequest(ADA, "a.b", "k", "T", null,
                "r".repeat(101), "a-1", null)))).containsExactly("recordType");
        assertThat(fieldsRejectedBy(() -> notifications.raise(new NotificationRequest(ADA, "a.b", "k", "T", null,
                null, null, Map.of("text", "x".repeat(4000)))))).containsExactly("params");
        assertThat(fieldsRejectedBy(() -> notifications.raise(new NotificationRequest(ADA, "a.b", "k", "T", null,
                null, null, Map.of(" ", "x"))))).containsExactly("params");
        // every field that is wrong is named at once
        assertThat(fieldsRejectedBy(() -> notifications.raise(new NotificationRequest("u-nobody", "Bad", "", "",
                null, null, null, null)))).containsExactlyInAnyOrder("kind", "key", "title", "userId");

        assertThat(fixture.count("1 = 1")).isZero();
        assertThat(fixture.events.published).isEmpty();

        // the longest of everything fits its column
        assertThat(notifications.raise(new NotificationRequest(ADA, "a." + "b".repeat(98), "k".repeat(200),
                "t".repeat(200), "说".repeat(2000), "r".repeat(100), "i".repeat(64),
                Map.of("text", "x".repeat(3980))))).isPresent();
        assertThat(fixture.count("1 = 1")).isOne();
    }

    private static NotificationRequest with(String userId, String key, String title, String body) {
        return new NotificationRequest(userId, "activity.reminder", key, title, body, null, null, null);
    }
}
