package io.relata.core.customers.lead;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Embedded;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.OrderColumn;
import javax.persistence.Table;
import javax.persistence.Version;

import io.relata.api.customer.Contact;
import io.relata.api.customer.Lead;
import io.relata.api.customer.LeadStatus;
import io.relata.api.customer.RecordLink;
import io.relata.core.customers.customer.AddressColumns;
import io.relata.core.customers.customer.Normalise;

/** A lead row. Only this bundle sees it; everything else gets {@link Lead} values. */
@Entity
@Table(name = "core_lead")
public class LeadEntity {

    @Id
    private String id;

    @Column(name = "first_name", length = 100)
    private String firstName;

    @Column(name = "last_name", length = 100)
    private String lastName;

    @Column(name = "name_key", nullable = false, length = 620)
    private String nameKey;

    @Column(length = 200)
    private String company;

    @Column(name = "company_key", length = 200)
    private String companyKey;

    @Column(length = 100)
    private String title;

    @Column(length = 254)
    private String email;

    @Column(length = 40)
    private String phone;

    @Column(name = "phone_key", length = 40)
    private String phoneKey;

    @Column(length = 500)
    private String website;

    @Embedded
    private AddressColumns address = new AddressColumns();

    @Column(length = 40)
    private String source;

    @Column(name = "campaign_id", length = 36)
    private String campaignId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 14)
    private LeadStatus status;

    @Column(name = "disqualified_reason", length = 500)
    private String disqualifiedReason;

    @Column(length = 4000)
    private String description;

    @Column(name = "owner_id", length = 36)
    private String ownerId;

    @Column(name = "owner_since")
    private OffsetDateTime ownerSince;

    @Column(name = "converted_customer_id", length = 36)
    private String convertedCustomerId;

    @Column(name = "converted_contact_id", length = 36)
    private String convertedContactId;

    @Column(name = "converted_at")
    private OffsetDateTime convertedAt;

    @ElementCollection
    @CollectionTable(name = "core_lead_conversion_record", joinColumns = @JoinColumn(name = "lead_id"))
    @OrderColumn(name = "position")
    private List<LeadRecordLink> conversionRecords = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false, length = 36)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "updated_by", nullable = false, length = 36)
    private String updatedBy;

    @Column(name = "deleted_at")
    private OffsetDateTime deletedAt;

    @Version
    private long version;

    protected LeadEntity() {
    }

    LeadEntity(String id, LeadFields fields, String userId, Instant now) {
        this.id = id;
        this.createdAt = utc(now);
        this.createdBy = userId;
        apply(fields, userId, now);
    }

    /** Takes every writable field (already validated). */
    void apply(LeadFields fields, String userId, Instant now) {
        firstName = fields.firstName();
        lastName = fields.lastName();
        nameKey = Normalise.personName(firstName, lastName);
        company = fields.company();
        companyKey = Normalise.name(company);
        title = fields.title();
        email = fields.email();
        phone = fields.phone();
        phoneKey = Normalise.phone(phone);
        website = fields.website();
        addressColumns().set(fields.address());
        source = fields.source();
        campaignId = fields.campaignId();
        status = fields.status();
        disqualifiedReason = fields.disqualifiedReason();
        description = fields.description();
        if (!Objects.equals(ownerId, fields.ownerId()) || (ownerSince == null && fields.ownerId() != null)) {
            ownerSince = fields.ownerId() == null ? null : utc(now);
        }
        ownerId = fields.ownerId();
        touch(userId, now);
    }

    void changeOwner(String newOwner, String userId, Instant now) {
        ownerId = newOwner;
        ownerSince = newOwner == null ? null : utc(now);
        touch(userId, now);
    }

    void convert(String customerId, String contactId, List<RecordLink> records, String userId, Instant now) {
        status = LeadStatus.CONVERTED;
        convertedCustomerId = customerId;
        convertedContactId = contactId;
        convertedAt = utc(now);
        conversionRecords.clear();
        records.forEach(link -> conversionRecords.add(new LeadRecordLink(link)));
        touch(userId, now);
    }

    void touch(String userId, Instant now) {
        updatedAt = utc(now);
        updatedBy = userId;
    }

    void delete(String userId, Instant now) {
        deletedAt = utc(now);
        touch(userId, now);
    }

    void restore(String userId, Instant now) {
        deletedAt = null;
        touch(userId, now);
    }

    LeadFields fields() {
        return new LeadFields(firstName, lastName, company, title, email, phone, website,
                addressColumns().address(), source, campaignId, status,
                disqualifiedReason, description, ownerId, Map.of());
    }

    /** The fields as the audit trail compares them, under their REST names. */
    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", firstName);
        fields.put("lastName", lastName);
        fields.put("company", company);
        fields.put("title", title);
        fields.put("email", email);
        fields.put("phone", phone);
        fields.put("website", website);
        addressColumns().snapshot(fields);
        fields.put("source", source);
        fields.put("campaignId", campaignId);
        fields.put("status", status);
        fields.put("disqualifiedReason", disqualifiedReason);
        fields.put("description", description);
        fields.put("ownerId", ownerId);
        fields.put("convertedCustomerId", convertedCustomerId);
        fields.put("convertedContactId", convertedContactId);
        return fields;
    }

    Lead view() {
        return view(Map.of());
    }

    Lead view(Map<String, Object> customFields) {
        return new Lead(id, firstName, lastName, company, title, email, phone, website,
                addressColumns().address(), source, campaignId, status,
                disqualifiedReason, description, ownerId, convertedCustomerId, convertedContactId,
                convertedAt == null ? null : convertedAt.toInstant(),
                conversionRecords.stream().map(LeadRecordLink::view).toList(), customFields, createdAt.toInstant(),
                createdBy, updatedAt.toInstant(), updatedBy, version);
    }

    /** The value of the sort attribute, as the list cursor carries it. */
    String sortKey(LeadQuery.Sort sort) {
        return switch (sort) {
            case NAME -> nameKey;
            case CREATED_AT -> createdAt.toInstant().toString();
            case UPDATED_AT -> updatedAt.toInstant().toString();
        };
    }

    String id() {
        return id;
    }

    String ownerId() {
        return ownerId;
    }

    String source() {
        return source;
    }

    String region() {
        return addressColumns().region();
    }

    LeadStatus status() {
        return status;
    }

    /** What a person recognises the lead by: "Li Wei (Acme)". */
    String label() {
        String person = Contact.displayName(firstName, lastName);
        if (person == null) {
            return company;
        }
        return company == null ? person : person + " (" + company + ")";
    }

    boolean deleted() {
        return deletedAt != null;
    }

    long version() {
        return version;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** JPA leaves an embedded address null when all its columns are. */
    private AddressColumns addressColumns() {
        if (address == null) {
            address = new AddressColumns();
        }
        return address;
    }
}
