package io.relata.core.activities;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;

/**
 * Per-user calendar feeds: a secret token in the URL is the only credential a calendar app can keep, so it is 256
 * random bits, shown once, stored only as its SHA-256 (a fast hash suffices for a secret that cannot be guessed),
 * and rotating it (a new {@code POST}) or revoking it ({@code DELETE}) makes the old URL answer 404 at once.
 *
 * <p>The feed runs as the token's user, with their current permissions and scope: a user who is deactivated or
 * loses {@code activities:read} gets 404, as does an unknown token — the answer never says which.
 */
@Component(service = CalendarFeeds.class)
public class CalendarFeeds {

    /** What the feed holds around today. */
    static final Duration PAST = Duration.ofDays(30);
    static final Duration AHEAD = Duration.ofDays(180);
    static final int MAX_EVENTS = 5000;
    /** Calendar apps poll every few minutes to hours; the last use is written at most this often. */
    static final Duration USE_RESOLUTION = Duration.ofMinutes(5);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new feed: the token, shown once. */
    record Created(String token, Instant createdAt) {
    }

    /** {@code GET /me/calendar-feed}: never the token. */
    public record Status(boolean active, Instant createdAt, Instant lastUsedAt) {
    }

    /** The calendar text and its entity tag. */
    record Feed(String calendar, String etag) {
    }

    private final JpaTemplate jpa;
    private final CurrentUser currentUser;
    private final AccessControl access;
    private final Users users;
    private final Schedules schedules;
    private final Clock clock;

    @Activate
    public CalendarFeeds(@Reference(target = "(osgi.unit.name=activities)") JpaTemplate jpa,
                         @Reference(target = ActivitiesSchema.READY) SchemaStatus schema,
                         @Reference CurrentUser currentUser, @Reference AccessControl access, @Reference Users users,
                         @Reference Schedules schedules) {
        this(jpa, currentUser, access, users, schedules, Clock.systemUTC());
    }

    CalendarFeeds(JpaTemplate jpa, CurrentUser currentUser, AccessControl access, Users users, Schedules schedules,
                  Clock clock) {
        this.jpa = jpa;
        this.currentUser = currentUser;
        this.access = access;
        this.users = users;
        this.schedules = schedules;
        this.clock = clock;
    }

    /** Creates the caller's feed, or replaces its token: the old URL stops working. */
    Created create() {
        String userId = currentUser.require().id();
        String token = newToken();
        Instant now = now();
        try {
            store(userId, sha256(token), now);
        } catch (RuntimeException collided) {
            // two first requests at once (a double click): the loser's insert hit the key; rotate what won
            boolean created = jpa.txExpr(TransactionType.Supports,
                    em -> em.find(CalendarFeedEntity.class, userId) != null);
            if (!created) {
                throw collided;
            }
            store(userId, sha256(token), now);
        }
        return new Created(token, now);
    }

    private void store(String userId, String hash, Instant now) {
        jpa.tx(TransactionType.Required, em -> {
            CalendarFeedEntity feed = em.find(CalendarFeedEntity.class, userId);
            if (feed == null) {
                em.persist(new CalendarFeedEntity(userId, hash, now));
                em.flush();
            } else {
                feed.rotate(hash, now);
            }
        });
    }

    Status status() {
        String userId = currentUser.require().id();
        return jpa.txExpr(TransactionType.Supports, em -> {
            CalendarFeedEntity feed = em.find(CalendarFeedEntity.class, userId);
            return feed == null ? new Status(false, null, null)
                    : new Status(true, feed.createdAt(), feed.lastUsedAt());
        });
    }

    /** @return whether there was a feed */
    boolean revoke() {
        String userId = currentUser.require().id();
        return jpa.txExpr(TransactionType.Required, em -> em.createQuery(
                "DELETE FROM CalendarFeedEntity f WHERE f.userId = :user").setParameter("user", userId)
                .executeUpdate() > 0);
    }

    /**
     * The feed of a token, as its user sees their schedule now.
     *
     * @throws ProblemException 404 for an unknown or revoked token, an inactive user, or one without
     *                          {@code activities:read}
     */
    Feed feed(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw notFound();
        }
        String hash = sha256(token);
        CalendarFeedEntity feed = jpa.txExpr(TransactionType.Supports, em -> em.createQuery(
                        "SELECT f FROM CalendarFeedEntity f WHERE f.tokenHash = :hash", CalendarFeedEntity.class)
                .setParameter("hash", hash).getResultStream().findFirst().orElse(null));
        if (feed == null) {
            throw notFound();
        }
        UserSummary user = users.byId(feed.userId()).filter(UserSummary::active).orElseThrow(CalendarFeeds::notFound);
        String calendar = asUser(user, () -> {
            if (!access.permits("activities:read")) {
                throw notFound();
            }
            Instant today = now().truncatedTo(ChronoUnit.DAYS);
            Schedules.Entries entries = schedules.entries(user.id(), today.minus(PAST), today.plus(AHEAD).plus(
                    Duration.ofDays(1)), MAX_EVENTS);
            DataScope scope = access.scope(Activity.RECORD_TYPE);
            String name = "Relata: " + (user.displayName() == null ? user.username() : user.displayName());
            return ICalendarWriter.calendar(name, entries.entries(),
                    activity -> activity.ownerId().equals(user.id()) || scope.allows(activity.ownerId()));
        });
        markUsed(feed.userId(), hash);
        return new Feed(calendar, "\"" + sha256(calendar).substring(0, 32) + "\"");
    }

    private void markUsed(String userId, String hash) {
        Instant now = now();
        jpa.tx(TransactionType.Required, em -> {
            CalendarFeedEntity feed = em.find(CalendarFeedEntity.class, userId);
            if (feed != null && hash.equals(feed.tokenHash())
                    && (feed.lastUsedAt() == null || feed.lastUsedAt().plus(USE_RESOLUTION).isBefore(now))) {
                feed.used(now);
            }
        });
    }

    private String asUser(UserSummary user, java.util.concurrent.Callable<String> work) {
        try {
            return currentUser.runAs(user.username(), work);
        } catch (ProblemException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw notFound(); // deactivated between the look-up and now
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The feed URL below the REST application's base URI, e.g. {@code https://crm.example.com/api/v1/}. */
    static String url(java.net.URI base, String token) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return root + "calendar-feeds/" + token + ".ics";
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No detail: whether the token ever existed, or whose it was, is nobody's business. */
    static ProblemException notFound() {
        return Problem.notFound("no such calendar feed").toException();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
