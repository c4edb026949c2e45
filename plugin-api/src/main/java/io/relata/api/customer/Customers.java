package io.relata.api.customer;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Customers as the current user may see them: everything here applies the caller's data scope. */
@ProviderType
public interface Customers {

    /** The record type of customers, for data scopes, the audit trail and the recycle bin. */
    String RECORD_TYPE = "customer";

    /** @return the customer, if it exists, is not deleted and is inside the caller's scope */
    Optional<Customer> find(String id);
}
