package io.relata.api.customer;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Contacts as the current user may see them: those of the customers inside the caller's data scope. */
@ProviderType
public interface Contacts {

    /** The record type of contacts, for the audit trail and the recycle bin. */
    String RECORD_TYPE = "contact";

    /** @return the contact, if it exists, is not deleted and its customer is visible to the caller */
    Optional<Contact> find(String id);

    /** @return a visible customer's live contacts, the primary one first, then by name */
    List<Contact> ofCustomer(String customerId);
}
