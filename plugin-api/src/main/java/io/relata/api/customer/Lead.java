package io.relata.api.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A raw sales opportunity before it is a customer: a trade-show card, a web form, an advert reply, a referral.
 *
 * @param id                  the lead's id
 * @param firstName           the person's given name
 * @param lastName            the person's family name
 * @param company             the person's company
 * @param title               the person's job title
 * @param email               e-mail address
 * @param phone               phone number
 * @param website             the company's web address
 * @param address             postal address; its {@code region} is what regional assignment rules look at
 * @param source              a key of the {@code lead-source} picklist
 * @param campaignId          the campaign it came from (an id; the marketing module need not be installed)
 * @param status              where it stands
 * @param disqualifiedReason  why it was disqualified, for {@link LeadStatus#DISQUALIFIED}
 * @param description         free notes
 * @param ownerId             the user working it; {@code null} while it sits in the lead pool
 * @param convertedCustomerId the customer it became, once converted
 * @param convertedContactId  the contact it became, once converted
 * @param convertedAt         when it was converted
 * @param conversionRecords   what installed modules made of it during conversion, e.g. a sales opportunity
 * @param customFields        values of custom fields, by field key
 * @param createdAt           when it was created (UTC)
 * @param createdBy           id of the user who created it
 * @param updatedAt           when it last changed (UTC)
 * @param updatedBy           id of the user who changed it last
 * @param version             the optimistic-locking version, also its ETag
 */
public record Lead(String id, String firstName, String lastName, String company, String title, String email,
                   String phone, String website, Address address, String source, String campaignId,
                   LeadStatus status, String disqualifiedReason, String description, String ownerId,
                   String convertedCustomerId, String convertedContactId, Instant convertedAt,
                   List<RecordLink> conversionRecords, Map<String, Object> customFields, Instant createdAt,
                   String createdBy, Instant updatedAt, String updatedBy, long version) {

    public Lead {
        address = address == null ? Address.EMPTY : address;
        conversionRecords = conversionRecords == null ? List.of() : List.copyOf(conversionRecords);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }
}
