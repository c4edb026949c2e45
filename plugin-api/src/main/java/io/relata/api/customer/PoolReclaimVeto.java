package io.relata.api.customer;

import java.util.Collection;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps customers with their owners although the public pool's reclaim rule found them idle, for a reason only
 * the registering module knows. Sales, for example, keeps every customer with an open deal: a rep working a
 * deal may not log activities on the customer itself, and the deal must not lose its account manager.
 *
 * <p>Register it as a whiteboard service ({@code @Component} with this interface as its service). Any number of
 * vetoes may be registered, and they may come and go at any time; a customer is kept if any of them keeps it.
 * The rule calls {@link #keep} outside any transaction, as the system user, with batches of at most 1000 ids,
 * only for customers it is about to reclaim. Dry runs call it too, so it must not change anything.
 *
 * <p>A veto that throws is logged as a warning and every customer of that batch is kept this time: the veto
 * might have had a reason for any of them. The run report names, for every kept customer, the veto that kept it
 * (by its {@code component.name}) and the reason it gave.
 */
@ConsumerType
@FunctionalInterface
public interface PoolReclaimVeto {

    /**
     * @param customerIds ids of idle customers the rule would return to the pool; never empty
     * @return the customers to keep, each with a reason a person understands, e.g. {@code open deal D-17}; ids
     *         that were not asked about are ignored, and a blank reason is replaced by the veto's name
     */
    Map<String, String> keep(Collection<String> customerIds);
}
