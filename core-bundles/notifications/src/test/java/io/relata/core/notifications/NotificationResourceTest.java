package io.relata.core.notifications;

import static io.relata.core.notifications.NotificationsFixture.ADA;
import static io.relata.core.notifications.NotificationsFixture.BOB;
import static io.relata.core.notifications.NotificationsFixture.request;
import static io.relata.testing.Refusals.fieldsRejectedBy;
import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.relata.api.notification.Notification;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.core.notifications.NotificationResource.Marked;
import io.relata.core.notifications.NotificationResource.UnreadCount;
import io.relata.testing.MutableClock;

/** {@code /me/notifications}: every user sees, marks and deletes their own notifications, and only those. */
class NotificationResourceTest {

    /** The parameters are checked before the database is asked, so these tests need none. */
    private final NotificationResource withoutDatabase = new NotificationResource(
            new JdbcNotifications(null, null, null, new MutableClock()), SignedIn.as(ADA));

    @Test
    void parametersTheServerCannotReadAreBadRequestsNamingThem() {
        assertThat(fieldsRejectedBy(() -> withoutDatabase.list("yes", null, null))).containsExactly("unread");
        assertThat(fieldsRejectedBy(() -> withoutDatabase.list(null, "0", null))).containsExactly("limit");
        assertThat(fieldsRejectedBy(() -> withoutDatabase.list(null, "lots", null))).containsExactly("limit");
        assertThat(fieldsRejectedBy(() -> withoutDatabase.list(null, "201", null))).containsExactly("limit");
        assertThat(fieldsRejectedBy(() -> withoutDatabase.list(null, null, "not-a-cursor"))).containsExactly("cursor");
        assertThat(fieldsRejectedBy(() -> withoutDatabase.list("true", null, Cursor.of("yesterday", "x").encode())))
                .containsExactly("cursor");
        assertThat(fieldsRejectedBy(() -> withoutDatabase.list(null, null, Cursor.of(Instant.EPOCH.toString())
                .encode()))).containsExactly("cursor");
    }

    @Test
    void nobodySignedInIsUnauthenticated() {
        NotificationResource anonymous = new NotificationResource(
                new JdbcNotifications(null, null, null, new MutableClock()), SignedIn.nobody());

        assertThat(refusal(() -> anonymous.list(null, null, null)).status()).isEqualTo(401);
        assertThat(refusal(anonymous::unreadCount).status()).isEqualTo(401);
        assertThat(refusal(anonymous::markAllRead).status()).isEqualTo(401);
    }

    @OnEveryDatabase
    void aUserListsTheirOwnNewestFirstPageByPage(NotificationsFixture fixture) {
        List<String> raised = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            raised.add(fixture.notifications.raise(request(ADA, "k" + i)).orElseThrow().id());
            if (i % 3 == 2) {
                // some share a time stamp, which the cursor has to tell apart by id
                fixture.clock.advance(Duration.ofNanos(1_000));
            }
        }
        fixture.notifications.raise(request(BOB, "k0"));
        NotificationResource ada = new NotificationResource(fixture.notifications, SignedIn.as(ADA));

        List<Notification> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            Page<Notification> page = ada.list(null, "3", cursor);
            seen.addAll(page.items());
            pageSizes.add(page.items().size());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).extracting(Notification::userId).containsOnly(ADA);
        assertThat(seen).extracting(Notification::id).containsExactlyInAnyOrderElementsOf(raised);
        assertThat(seen).isSortedAccordingTo(Comparator.comparing(Notification::createdAt)
                .thenComparing(Notification::id).reversed());
        assertThat(seen.get(0).createdAt()).isEqualTo(fixture.clock.now().truncatedTo(ChronoUnit.MICROS));
        assertThat(ada.list("false", null, null).items()).isEqualTo(seen);
        assertThat(new NotificationResource(fixture.notifications, SignedIn.as(BOB)).list(null, null, null).items())
                .extracting(Notification::userId).containsExactly(BOB);
    }

    @OnEveryDatabase
    void unreadListsAndCountsOnlyWhatIsNotReadYet(NotificationsFixture fixture) {
        Notification first = fixture.notifications.raise(request(ADA, "k1")).orElseThrow();
        fixture.clock.advance(Duration.ofSeconds(1));
        Notification second = fixture.notifications.raise(request(ADA, "k2")).orElseThrow();
        fixture.clock.advance(Duration.ofSeconds(1));
        Notification third = fixture.notifications.raise(request(ADA, "k3")).orElseThrow();
        fixture.notifications.raise(request(BOB, "k1"));
        NotificationResource ada = new NotificationResource(fixture.notifications, SignedIn.as(ADA));
        assertThat(ada.unreadCount()).isEqualTo(new UnreadCount(3));

        ada.markRead(second.id());

        assertThat(ada.unreadCount()).isEqualTo(new UnreadCount(2));
        assertThat(ada.list("true", null, null).items()).extracting(Notification::id)
                .containsExactly(third.id(), first.id());
        assertThat(ada.list(" TRUE ", "1", null).nextCursor()).isNotNull();
        assertThat(ada.list(null, null, null).items()).extracting(Notification::id)
                .containsExactly(third.id(), second.id(), first.id());
    }

    @OnEveryDatabase
    void markingReadKeepsTheFirstTimeAndOnlyTheRecipientMayDoIt(NotificationsFixture fixture) {
        Notification adas = fixture.notifications.raise(request(ADA, "k")).orElseThrow();
        NotificationResource ada = new NotificationResource(fixture.notifications, SignedIn.as(ADA));
        NotificationResource bob = new NotificationResource(fixture.notifications, SignedIn.as(BOB));
        fixture.clock.advance(Duration.ofMinutes(5));
        Instant firstRead = fixture.clock.now().truncatedTo(ChronoUnit.MICROS);

        assertThat(refusal(() -> bob.markRead(adas.id())).status()).isEqualTo(404);
        assertThat(ada.one(adas.id()).readAt()).as("someone else cannot mark it").isNull();
        ada.markRead(adas.id());
        fixture.clock.advance(Duration.ofMinutes(5));
        ada.markRead(adas.id());

        assertThat(ada.one(adas.id()).readAt()).isEqualTo(firstRead);
        assertThat(refusal(() -> bob.one(adas.id())).status()).isEqualTo(404);
        assertThat(refusal(() -> ada.markRead("no-such-notification")).status()).isEqualTo(404);
        assertThat(refusal(() -> ada.one("no-such-notification")).status()).isEqualTo(404);
    }

    @OnEveryDatabase
    void readAllMarksTheCallersUnreadOnes(NotificationsFixture fixture) {
        Notification read = fixture.notifications.raise(request(ADA, "k1")).orElseThrow();
        fixture.notifications.raise(request(ADA, "k2"));
        fixture.notifications.raise(request(ADA, "k3"));
        fixture.notifications.raise(request(BOB, "k1"));
        NotificationResource ada = new NotificationResource(fixture.notifications, SignedIn.as(ADA));
        NotificationResource bob = new NotificationResource(fixture.notifications, SignedIn.as(BOB));
        ada.markRead(read.id());
        Instant readBefore = ada.one(read.id()).readAt();
        fixture.clock.advance(Duration.ofHours(1));

        assertThat(ada.markAllRead()).isEqualTo(new Marked(2));

        assertThat(ada.unreadCount().unread()).isZero();
        assertThat(ada.one(read.id()).readAt()).as("read before, it keeps its time").isEqualTo(readBefore);
        assertThat(ada.list("true", null, null).items()).isEmpty();
        assertThat(bob.unreadCount().unread()).isOne();
        assertThat(ada.markAllRead()).isEqualTo(new Marked(0));
    }

    @OnEveryDatabase
    void onlyTheRecipientDeletesANotification(NotificationsFixture fixture) {
        Notification adas = fixture.notifications.raise(request(ADA, "k")).orElseThrow();
        NotificationResource ada = new NotificationResource(fixture.notifications, SignedIn.as(ADA));
        NotificationResource bob = new NotificationResource(fixture.notifications, SignedIn.as(BOB));

        assertThat(refusal(() -> bob.delete(adas.id())).status()).isEqualTo(404);
        assertThat(fixture.count("id = ?", adas.id())).isOne();

        ada.delete(adas.id());

        assertThat(fixture.count("id = ?", adas.id())).isZero();
        assertThat(refusal(() -> ada.delete(adas.id())).status()).isEqualTo(404);
        // deleted, its key is free: raised again, it is a new notification
        assertThat(fixture.notifications.raise(request(ADA, "k"))).isPresent();
    }
}
