package io.relata.core.notifications;

import static io.relata.core.notifications.NotificationsFixture.ADA;
import static io.relata.core.notifications.NotificationsFixture.BOB;
import static io.relata.core.notifications.NotificationsFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.relata.api.notification.Notification;
import io.relata.testing.ConfigurationProxies;

class NotificationRetentionPurgeTest {

    @OnEveryDatabase
    void readNotificationsGoAfterTheRetentionUnreadOnesAfterAYear(NotificationsFixture fixture) {
        NotificationRetentionPurge purge = new NotificationRetentionPurge(fixture.notifications, fixture.clock,
                Duration.ofDays(90));
        Notification oldRead = raise(fixture, ADA, "old-read");
        Notification oldUnread = raise(fixture, ADA, "old-unread");
        Notification bobsOldRead = raise(fixture, BOB, "old-read");
        fixture.notifications.markRead(ADA, oldRead.id());
        fixture.notifications.markRead(BOB, bobsOldRead.id());
        fixture.clock.advance(Duration.ofDays(30));
        Notification laterRead = raise(fixture, ADA, "later-read");
        fixture.notifications.markRead(ADA, laterRead.id());
        fixture.clock.advance(Duration.ofDays(60));

        assertThat(purge.purge()).as("read, raised exactly 90 days ago").isZero();

        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(purge.purge()).isEqualTo(2);
        assertThat(ids(fixture)).containsExactlyInAnyOrder(oldUnread.id(), laterRead.id());

        fixture.clock.advance(Duration.ofDays(30));
        assertThat(purge.purge()).as("read, raised 90 days and a second ago").isOne();
        assertThat(ids(fixture)).containsExactly(oldUnread.id());

        // unread, it stays a year after it was raised
        fixture.clock.advance(Duration.ofDays(365 - 120).minusSeconds(1));
        assertThat(purge.purge()).as("unread, raised exactly a year ago").isZero();
        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(purge.purge()).isOne();
        assertThat(fixture.count("1 = 1")).isZero();
        assertThat(purge.purge()).isZero();
    }

    @OnEveryDatabase
    void theScheduledRunPurgesWithTheConfiguredRetention(NotificationsFixture fixture) {
        Notification weekOld = raise(fixture, ADA, "week-old");
        Notification unread = raise(fixture, ADA, "unread");
        fixture.notifications.markRead(ADA, weekOld.id());
        fixture.clock.advance(Duration.ofDays(8));

        new NotificationRetentionPurge(fixture.notifications, fixture.clock, Duration.ofDays(7)).run();

        assertThat(ids(fixture)).containsExactly(unread.id());
        // purged, the key is forgotten: raising it again notifies again
        assertThat(fixture.notifications.raise(request(ADA, "week-old"))).isPresent();
    }

    @Test
    void readNotificationsAreKept90DaysUnlessConfiguredOtherwise() {
        assertThat(ConfigurationProxies.of(NotificationSettings.class, Map.of()).retention_days()).isEqualTo(90);
    }

    private static Notification raise(NotificationsFixture fixture, String userId, String key) {
        return fixture.notifications.raise(request(userId, key)).orElseThrow();
    }

    private static List<String> ids(NotificationsFixture fixture) {
        return fixture.tables.rows("SELECT id FROM core_notification").stream()
                .map(row -> (String) row.get(0)).toList();
    }
}
