package io.relata.api.notification;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Raises in-app notifications. Raising is idempotent per user and {@link NotificationRequest#key() key}: scheduled
 * work that runs on every node of a cluster, or again after a restart, notifies once.
 *
 * <p>The notification is written in the caller's transaction when there is one, so work that marks something as
 * notified and the notification itself commit or vanish together. Raising needs no permission: modules decide who
 * is told about what; the recipient alone reads it.
 *
 * <p>A key the user already has never makes a statement fail, so the caller's transaction stays usable (on
 * PostgreSQL a failed statement aborts it): when two transactions raise the same key at once, the second waits for
 * the first and, once that commits, gets an empty answer. A key is remembered as long as its notification is kept:
 * once the user deletes it, or the retention purge does, the same key raises a new one.
 *
 * <p>{@link NotificationRaised} is published for every new notification, never for a duplicate, and delivered
 * only once the transaction commits.
 */
@ProviderType
public interface Notifications {

    /**
     * @return the new notification, or empty when the user already had one with the same key (read or not)
     * @throws io.relata.api.rest.ProblemException 400 when the request is invalid (unknown user, a kind that is not
     *                                             lower case and dotted, overlong text); the problem names every
     *                                             field that is wrong and nothing is written
     */
    Optional<Notification> raise(NotificationRequest request);
}
