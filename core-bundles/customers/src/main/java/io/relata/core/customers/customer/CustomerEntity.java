package io.relata.core.customers.customer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Embedded;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.NamedNativeQuery;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.Version;

import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.LifecycleStage;

/** A customer row. Only this bundle sees it; everything else gets {@link Customer} values. */
@Entity
@Table(name = "core_customer")
@NamedQuery(name = CustomerEntity.BY_ID_WITH_TAGS,
        query = "SELECT c FROM CustomerEntity c LEFT JOIN FETCH c.tags WHERE c.id = :id")
@NamedNativeQuery(name = CustomerEntity.DUPLICATES,
        query = "SELECT id, name, email, phone, owner_id FROM core_customer WHERE deleted_at IS NULL AND id <> ?1"
                + " AND (name_key = ?2 OR email_key = ?3 OR phone_key = ?4) ORDER BY created_at, id LIMIT "
                + CustomerEntity.DUPLICATE_CANDIDATES)
public class CustomerEntity {

    /**
     * The first {@link #DUPLICATE_CANDIDATES} live customers, oldest first, other than ?1 (never an empty string),
     * with the name key ?2, the e-mail key ?3 or the phone key ?4 (a {@code null} key matches nothing). One
     * statement for every check, built once: JPQL with a row limit is built again at every execution (docs/stack.md).
     */
    static final String DUPLICATES = "CustomerEntity.duplicates";
    static final int DUPLICATE_CANDIDATES = 10;

    /**
     * One customer and its tags in one statement. A named query is prepared once; {@code em.find} with a join-fetch
     * hint was prepared again at every call (a tenth of a GET's time). One row per tag: every row is the customer.
     */
    static final String BY_ID_WITH_TAGS = "CustomerEntity.byIdWithTags";

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private CustomerKind kind;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "name_key", nullable = false, length = 200)
    private String nameKey;

    @Column(name = "legal_name", length = 200)
    private String legalName;

    @Column(length = 40)
    private String industry;

    @Column(length = 500)
    private String website;

    @Column(length = 40)
    private String phone;

    @Column(name = "phone_key", length = 40)
    private String phoneKey;

    @Column(length = 254)
    private String email;

    @Column(name = "email_key", length = 254)
    private String emailKey;

    @Embedded
    private AddressColumns address = new AddressColumns();

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private LifecycleStage stage;

    @ElementCollection
    @CollectionTable(name = "core_customer_tag", joinColumns = @JoinColumn(name = "customer_id"))
    @Column(name = "tag", length = 40)
    private Set<String> tags = new TreeSet<>();

    @Column(name = "owner_id", length = 36)
    private String ownerId;

    /** When the current owner got it (created, claimed, assigned); the pool's reclaim rule counts from here. */
    @Column(name = "owner_since")
    private OffsetDateTime ownerSince;

    @Column(name = "parent_id", length = 36)
    private String parentId;

    @Column(name = "subsidiary_id", length = 36)
    private String subsidiaryId;

    @Column(length = 3)
    private String currency;

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

    @Column(name = "merged_into", length = 36)
    private String mergedInto;

    @Version
    private long version;

    protected CustomerEntity() {
    }

    CustomerEntity(String id, CustomerFields fields, String userId, Instant now) {
        this.id = id;
        this.createdAt = utc(now);
        this.createdBy = userId;
        apply(fields, userId, now);
    }

    /** Takes every writable field (already validated and normalised). */
    void apply(CustomerFields fields, String userId, Instant now) {
        kind = fields.kind();
        name = fields.name();
        nameKey = Normalise.name(fields.name());
        legalName = fields.legalName();
        industry = fields.industry();
        website = fields.website();
        phone = fields.phone();
        phoneKey = Normalise.phone(fields.phone());
        email = fields.email();
        emailKey = Normalise.email(fields.email());
        addressColumns().set(fields.address());
        stage = fields.stage();
        if (!tags.equals(new TreeSet<>(fields.tags()))) {
            tags.clear();
            tags.addAll(fields.tags());
        }
        if (!java.util.Objects.equals(ownerId, fields.ownerId()) || ownerSince == null) {
            ownerSince = fields.ownerId() == null ? null : utc(now);
        }
        ownerId = fields.ownerId();
        parentId = fields.parentId();
        subsidiaryId = fields.subsidiaryId();
        currency = fields.currency();
        touch(userId, now);
    }

    void touch(String userId, Instant now) {
        updatedAt = utc(now);
        updatedBy = userId;
    }

    void changeOwner(String newOwner, String userId, Instant now) {
        ownerId = newOwner;
        ownerSince = newOwner == null ? null : utc(now);
        touch(userId, now);
    }

    /** The value of the sort attribute, as the list cursor carries it. */
    String sortKey(CustomerQuery.Sort sort) {
        return switch (sort) {
            case NAME -> nameKey;
            case CREATED_AT -> createdAt.toInstant().toString();
            case UPDATED_AT -> updatedAt.toInstant().toString();
        };
    }

    void delete(String userId, Instant now) {
        deletedAt = utc(now);
        touch(userId, now);
    }

    /** Gone into the survivor: deleted, but not to the recycle bin, since its contacts and links moved on. */
    void mergeInto(String survivorId, String userId, Instant now) {
        mergedInto = survivorId;
        delete(userId, now);
    }

    String mergedInto() {
        return mergedInto;
    }

    void restore(String userId, Instant now) {
        deletedAt = null;
        touch(userId, now);
    }

    CustomerFields fields() {
        return new CustomerFields(kind, name, legalName, industry, website, phone, email,
                addressColumns().address(), stage, List.copyOf(new TreeSet<>(tags)),
                ownerId, parentId, subsidiaryId, currency, Map.of());
    }

    /** The fields as the audit trail compares them, under their REST names. */
    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", kind);
        fields.put("name", name);
        fields.put("legalName", legalName);
        fields.put("industry", industry);
        fields.put("website", website);
        fields.put("phone", phone);
        fields.put("email", email);
        addressColumns().snapshot(fields);
        fields.put("stage", stage);
        fields.put("tags", List.copyOf(new TreeSet<>(tags)));
        fields.put("ownerId", ownerId);
        fields.put("parentId", parentId);
        fields.put("subsidiaryId", subsidiaryId);
        fields.put("currency", currency);
        return fields;
    }

    Customer view() {
        return view(Map.of());
    }

    Customer view(Map<String, Object> customFields) {
        return new Customer(id, kind, name, legalName, industry, website, phone, email,
                addressColumns().address(), stage, List.copyOf(new TreeSet<>(tags)),
                ownerId, parentId, subsidiaryId, currency, customFields, createdAt.toInstant(), createdBy,
                updatedAt.toInstant(), updatedBy, version);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String ownerId() {
        return ownerId;
    }

    String parentId() {
        return parentId;
    }

    /** @return when the current owner got it; {@code null} in the pool */
    public Instant ownerSince() {
        return ownerSince == null ? null : ownerSince.toInstant();
    }

    public boolean deleted() {
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
