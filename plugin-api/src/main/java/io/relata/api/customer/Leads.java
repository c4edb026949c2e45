package io.relata.api.customer;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Leads as the current user may see them: everything here applies the caller's data scope. */
@ProviderType
public interface Leads {

    /** The record type of leads, for data scopes, the audit trail and the recycle bin. */
    String RECORD_TYPE = "lead";

    /** @return the lead, if it exists, is not deleted and is inside the caller's scope */
    Optional<Lead> find(String id);
}
