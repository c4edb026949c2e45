package io.relata.core.customers.birthday;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.relata.api.notification.Notification;
import io.relata.api.notification.NotificationRequest;
import io.relata.api.notification.Notifications;
import io.relata.api.rest.Problem;

/**
 * A stand-in for the notifications bundle, which has tests of its own (its database table, the unique
 * (user, key) constraint across nodes, the transaction it joins). Like the real one, raising is idempotent per
 * user and key, also when two threads raise the same key at once, and an invalid request (unknown user, overlong
 * text, a kind that is not lower case and dotted) is a 400 problem. It can be told to fail for a user.
 */
final class TestNotifications implements Notifications {

    private static final Pattern KIND = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

    private final Predicate<String> knownUser;
    private final Map<List<String>, Notification> byUserAndKey = new ConcurrentHashMap<>();
    /** Every call, raised or not, in order. */
    final List<NotificationRequest> asked = new CopyOnWriteArrayList<>();
    /** The requests that raised a new notification, in order. */
    final List<NotificationRequest> raised = new CopyOnWriteArrayList<>();
    /** Users raising for fails with this message, as a database error would. */
    final Map<String, String> failFor = new ConcurrentHashMap<>();

    TestNotifications(Predicate<String> knownUser) {
        this.knownUser = knownUser;
    }

    /** As the owner deleting their notifications (or the retention run purging them) does: the keys are forgotten. */
    void deleteAll() {
        byUserAndKey.clear();
    }

    @Override
    public Optional<Notification> raise(NotificationRequest request) {
        asked.add(request);
        String failure = failFor.get(request.userId());
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        if (!knownUser.test(request.userId())) {
            throw Problem.validation("userId", "is not a user").toException();
        }
        if (!KIND.matcher(request.kind()).matches()) {
            throw Problem.validation("kind", "must be lower case and dotted").toException();
        }
        if (request.key().length() > 200 || request.title().length() > 200
                || request.body() != null && request.body().length() > 2000) {
            throw Problem.validation("title", "is too long").toException();
        }
        Notification notification = new Notification(UUID.randomUUID().toString(), request.userId(),
                request.kind(), request.title(), request.body(), request.recordType(), request.recordId(),
                request.params(), Instant.now(), null);
        if (byUserAndKey.putIfAbsent(List.of(request.userId(), request.key()), notification) != null) {
            return Optional.empty();
        }
        raised.add(request);
        return Optional.of(notification);
    }
}
