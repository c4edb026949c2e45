package io.relata.api.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer (account): a company or a person the organisation sells to.
 *
 * @param id           the customer's id
 * @param kind         company or person
 * @param name         the name people use
 * @param legalName    the registered name, for invoices and contracts
 * @param industry     a key of the {@code industry} picklist
 * @param website      web address
 * @param phone        main phone number
 * @param email        main e-mail address
 * @param address      postal address
 * @param stage        lifecycle stage
 * @param tags         free labels, lower case
 * @param ownerId      the user who owns it; {@code null} while it sits in the public pool
 * @param parentId     the parent customer in a hierarchy (a group's subsidiary company, a branch)
 * @param subsidiaryId the organisation's subsidiary that serves it
 * @param currency     ISO 4217 currency it trades in
 * @param customFields values of custom fields, by field key
 * @param createdAt    when it was created (UTC)
 * @param createdBy    id of the user who created it
 * @param updatedAt    when it last changed (UTC)
 * @param updatedBy    id of the user who changed it last
 * @param version      the optimistic-locking version, also its ETag
 */
public record Customer(String id, CustomerKind kind, String name, String legalName, String industry, String website,
                       String phone, String email, Address address, LifecycleStage stage, List<String> tags,
                       String ownerId, String parentId, String subsidiaryId, String currency,
                       Map<String, Object> customFields, Instant createdAt, String createdBy, Instant updatedAt,
                       String updatedBy, long version) {

    public Customer {
        address = address == null ? Address.EMPTY : address;
        tags = tags == null ? List.of() : List.copyOf(tags);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    /** @return whether it sits in the public pool, free to be claimed */
    public boolean inPool() {
        return ownerId == null;
    }
}
