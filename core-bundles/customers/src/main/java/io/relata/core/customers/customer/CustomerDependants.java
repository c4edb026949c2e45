package io.relata.core.customers.customer;

import javax.persistence.EntityManager;

/** Records of this bundle that belong to a customer and follow it: purged with it, moved when it is merged. */
public interface CustomerDependants {

    /** @return what one of these records is called, for the merge's audit entry, e.g. {@code contact} */
    String recordName();

    /** Removes, for good, every record of this kind that belongs to the customer; runs in the caller's transaction. */
    void purgeOf(EntityManager em, String customerId);

    /**
     * Moves every live record of this kind from a duplicate customer to its survivor, in the caller's transaction.
     *
     * @return how many moved
     */
    int moveAll(EntityManager em, String fromCustomerId, String toCustomerId);
}
