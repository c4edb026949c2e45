package io.relata.api.customer;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells the public pool's reclaim rule when customers last had a logged activity (a call, a visit, a meeting).
 * The activities module registers one; any module that logs work on customers may register its own.
 *
 * <p>The rule returns an owned customer to the pool once it has been idle for more than
 * {@code pool.reclaimAfterDays} days. Idle time counts from the later of the moment the current owner got the
 * customer and the newest activity that any registered clock reports; a customer no clock knows about is idle
 * since its owner got it.
 *
 * <p>Register it as a whiteboard service ({@code @Component} with this interface as its service). Any number of
 * clocks may be registered, and they may come and go at any time; the rule asks the ones registered when it
 * runs. It calls {@link #lastActivity} outside any transaction, as the system user, with batches of at most 1000
 * ids (so they fit into one SQL {@code IN} list), only for customers whose owner got them long enough ago to be
 * reclaimed. Dry runs call it too, so it must not change anything.
 *
 * <p>A clock that throws is logged as a warning and the customers of that batch stay with their owners this
 * time: their activity is unknown, and reclaiming a customer someone worked on yesterday would do more harm than
 * keeping an idle one a day longer. The run report names the clock (by its {@code component.name}) as the hook
 * that kept them.
 */
@ConsumerType
@FunctionalInterface
public interface CustomerActivityClock {

    /**
     * @param customerIds ids of live customers that have an owner; never empty
     * @return for each customer with a logged activity, when the newest one happened; customers without any are
     *         left out, as are ids that were not asked about
     */
    Map<String, Instant> lastActivity(Collection<String> customerIds);
}
