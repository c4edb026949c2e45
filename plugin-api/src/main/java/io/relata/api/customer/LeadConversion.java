package io.relata.api.customer;

import java.util.Map;

/**
 * A lead being converted, as a {@link LeadConversionParticipant} sees it: the customer and contact it became
 * already exist in the conversion's transaction.
 *
 * @param lead       the lead as it was before conversion
 * @param customerId the customer it becomes (created now, or an existing one it was linked to)
 * @param contactId  the contact it becomes
 * @param options    what the client asked of this participant: the member of the request's {@code options}
 *                   named after the participant's id (e.g. {@code "sales": {"createOpportunity": true}}), or empty
 */
public record LeadConversion(Lead lead, String customerId, String contactId, Map<String, Object> options) {

    public LeadConversion {
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
