package io.relata.core.customers.contact;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.OrderColumn;
import javax.persistence.Table;
import javax.persistence.Version;

import io.relata.api.customer.Contact;
import io.relata.core.customers.customer.Normalise;

/** A contact row. Only this bundle sees it; everything else gets {@link Contact} values. */
@Entity
@Table(name = "core_contact")
public class ContactEntity {

    @Id
    private String id;

    @Column(name = "customer_id", nullable = false, length = 36)
    private String customerId;

    @Column(name = "first_name", length = 100)
    private String firstName;

    @Column(name = "last_name", length = 100)
    private String lastName;

    @Column(name = "name_key", nullable = false, length = 620)
    private String nameKey;

    @Column(length = 100)
    private String title;

    @Column(length = 100)
    private String department;

    @ElementCollection
    @CollectionTable(name = "core_contact_email", joinColumns = @JoinColumn(name = "contact_id"))
    @OrderColumn(name = "position")
    @Column(name = "email", length = 254)
    private List<String> emails = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "core_contact_phone", joinColumns = @JoinColumn(name = "contact_id"))
    @OrderColumn(name = "position")
    private List<ContactPhone> phones = new ArrayList<>();

    private LocalDate birthday;

    /**
     * The birthday's {@link #monthDay month and day} (1203 for 3 December), kept in step with {@link #birthday} on
     * every write: birthday reminders find a day's birthdays, whatever the year, through its index.
     */
    @Column(name = "birthday_md")
    private Integer birthdayMonthDay;

    /**
     * The birthday (its date that year) the owner was last notified of. Only the birthday reminders write it, with
     * SQL of their own in the transaction that raises the notification; read here for their queries.
     */
    @Column(name = "birthday_reminded_on", insertable = false, updatable = false)
    private LocalDate birthdayRemindedOn;

    @Column(name = "is_primary", nullable = false)
    private boolean primary;

    @Column(name = "do_not_contact", nullable = false)
    private boolean doNotContact;

    @Column(name = "marketing_opt_out", nullable = false)
    private boolean marketingOptOut;

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

    protected ContactEntity() {
    }

    ContactEntity(String id, ContactFields fields, String userId, Instant now) {
        this.id = id;
        this.createdAt = now.atOffset(ZoneOffset.UTC);
        this.createdBy = userId;
        apply(fields, userId, now);
    }

    /** Takes every writable field (already validated). */
    void apply(ContactFields fields, String userId, Instant now) {
        customerId = fields.customerId();
        firstName = fields.firstName();
        lastName = fields.lastName();
        nameKey = ContactFields.nameKey(firstName, lastName);
        title = fields.title();
        department = fields.department();
        if (!emails.equals(fields.emails())) {
            emails.clear();
            emails.addAll(fields.emails());
        }
        if (!phones().equals(fields.phones())) {
            phones.clear();
            fields.phones().forEach(phone -> phones.add(new ContactPhone(phone, Normalise.phone(phone))));
        }
        birthday = fields.birthday();
        birthdayMonthDay = monthDay(birthday);
        primary = fields.primary();
        doNotContact = fields.doNotContact();
        marketingOptOut = fields.marketingOptOut();
        touch(userId, now);
    }

    /**
     * @return {@code month * 100 + day} of the date, as column {@code birthday_md} keeps it (the changelog's
     *         change set 12 back-fills it the same way); {@code null} for none
     */
    public static Integer monthDay(LocalDate date) {
        return date == null ? null : date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    void touch(String userId, Instant now) {
        updatedAt = now.atOffset(ZoneOffset.UTC);
        updatedBy = userId;
    }

    void unmarkPrimary(String userId, Instant now) {
        primary = false;
        touch(userId, now);
    }

    void moveTo(String newCustomerId, String userId, Instant now) {
        customerId = newCustomerId;
        touch(userId, now);
    }

    void delete(String userId, Instant now) {
        deletedAt = now.atOffset(ZoneOffset.UTC);
        touch(userId, now);
    }

    void restore(String userId, Instant now) {
        deletedAt = null;
        touch(userId, now);
    }

    ContactFields fields() {
        return new ContactFields(customerId, firstName, lastName, title, department, List.copyOf(emails), phones(),
                birthday, primary, doNotContact, marketingOptOut, Map.of());
    }

    /** The fields as the audit trail compares them, under their REST names. */
    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("customerId", customerId);
        fields.put("firstName", firstName);
        fields.put("lastName", lastName);
        fields.put("title", title);
        fields.put("department", department);
        fields.put("emails", List.copyOf(emails));
        fields.put("phones", phones());
        fields.put("birthday", birthday);
        fields.put("primary", primary);
        fields.put("doNotContact", doNotContact);
        fields.put("marketingOptOut", marketingOptOut);
        return fields;
    }

    Contact view() {
        return view(Map.of());
    }

    Contact view(Map<String, Object> customFields) {
        return new Contact(id, customerId, firstName, lastName, title, department, List.copyOf(emails), phones(),
                birthday, primary, doNotContact, marketingOptOut, customFields, createdAt.toInstant(), createdBy,
                updatedAt.toInstant(), updatedBy, version);
    }

    private List<String> phones() {
        return phones.stream().map(ContactPhone::phone).toList();
    }

    public String id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public String nameKey() {
        return nameKey;
    }

    String displayName() {
        return view().displayName();
    }

    boolean isPrimary() {
        return primary;
    }

    boolean deleted() {
        return deletedAt != null;
    }

    long version() {
        return version;
    }
}
