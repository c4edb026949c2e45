package io.relata.core.customers.contact;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.AuditTrail;
import io.relata.api.audit.FieldChange;
import io.relata.api.audit.NewAuditEntry;
import io.relata.api.customer.Contact;
import io.relata.api.customer.ContactEvent;
import io.relata.api.customer.Contacts;
import io.relata.api.customfield.CustomFields;
import io.relata.api.event.DomainEvents;
import io.relata.api.recyclebin.RecycleBin;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.ScopeClause;
import io.relata.core.customers.customer.CustomerDependants;
import io.relata.core.customers.customer.CustomerEntity;
import io.relata.core.customers.customer.CustomerScope;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.customer.DuplicateMatches;
import io.relata.core.customers.customer.Normalise;
import io.relata.core.customers.customer.Writes;
import io.relata.core.customers.field.CustomValues;

/**
 * Contacts in {@code core_contact}. A contact is visible exactly when its customer is: the customer's owner and
 * the caller's data scope decide, and a deleted customer hides its contacts until it is restored.
 */
@Component(service = {ContactStore.class, Contacts.class, CustomerDependants.class})
public class ContactStore implements Contacts, CustomerDependants {

    static final String RECORD_TYPE = Contacts.RECORD_TYPE;
    private static final int MAX_CANDIDATES = 10;

    /** The services the store works with. */
    record Services(JpaTemplate jpa, CustomerStore customers, CurrentUser currentUser, AccessControl access,
                    AuditTrail audit, RecycleBin recycleBin, DomainEvents events, CustomValues values) {
    }

    private final Services services;
    private final JpaTemplate jpa;
    private final Clock clock;

    @Activate
    public ContactStore(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                        @Reference CustomerStore customers, @Reference CurrentUser currentUser,
                        @Reference AccessControl access, @Reference AuditTrail audit, @Reference RecycleBin recycleBin,
                        @Reference DomainEvents events, @Reference CustomFields customFields) {
        this(new Services(jpa, customers, currentUser, access, audit, recycleBin, events,
                new CustomValues(customFields)), Clock.systemUTC());
    }

    ContactStore(Services services, Clock clock) {
        this.services = services;
        this.jpa = services.jpa();
        this.clock = clock;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<Contact> find(String id) {
        if (!services.access().permits("contacts:read")) {
            return Optional.empty();
        }
        CustomerScope scope = services.customers().scope();
        return jpa.txExpr(TransactionType.Supports, em -> live(em, id, scope).map(contact -> view(em, contact)));
    }

    @Override
    public List<Contact> ofCustomer(String customerId) {
        if (!services.access().permits("contacts:read")) {
            return List.of();
        }
        CustomerScope scope = services.customers().scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            CustomerStore.live(em, customerId, scope)
                    .orElseThrow(() -> CustomerStore.notFound(customerId));
            return views(em, em.createQuery("SELECT k FROM ContactEntity k WHERE k.customerId = :customer"
                            + " AND k.deletedAt IS NULL ORDER BY k.primary DESC, k.nameKey, k.id", ContactEntity.class)
                    .setParameter("customer", customerId)
                    .setHint("eclipselink.batch", "k.emails").setHint("eclipselink.batch", "k.phones")
                    .setHint("eclipselink.batch.type", "IN")
                    .setMaxResults(1000).getResultList());
        });
    }

    /**
     * Contacts of visible customers, by name.
     *
     * @param customerId only this customer's, or {@code null}
     * @param q          search text: name, e-mail or phone, substring, case-insensitive; or {@code null}
     */
    public Page<Contact> list(String customerId, String q, Map<String, String> customFilters, PageRequest page) {
        if (q != null && q.length() > 100) {
            throw Problem.validation("q", "must be at most 100 characters").toException();
        }
        CustomerScope scope = services.customers().scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            ScopeClause visible = scope.jpql("c");
            Map<String, Object> parameters = new LinkedHashMap<>(visible.named());
            StringBuilder jpql = new StringBuilder("SELECT k FROM ContactEntity k, CustomerEntity c"
                    + " WHERE c.id = k.customerId AND c.deletedAt IS NULL AND k.deletedAt IS NULL AND ")
                    .append(visible.condition());
            if (customerId != null) {
                jpql.append(" AND k.customerId = :customer");
                parameters.put("customer", customerId);
            }
            if (q != null && !q.isBlank()) {
                String text = "%" + Writes.escapeLike(Normalise.query(q)) + "%";
                jpql.append(" AND (k.nameKey LIKE :q ESCAPE '\\' OR EXISTS (SELECT e FROM ContactEntity k2"
                        + " JOIN k2.emails e WHERE k2 = k AND e LIKE :q ESCAPE '\\')");
                parameters.put("q", text);
                String digits = Normalise.phone(q);
                if (digits != null && digits.length() >= 3) {
                    jpql.append(" OR EXISTS (SELECT p FROM ContactEntity k3 JOIN k3.phones p WHERE k3 = k"
                            + " AND p.phoneKey LIKE :digits ESCAPE '\\')");
                    parameters.put("digits", "%" + digits + "%");
                }
                jpql.append(")");
            }
            CustomValues.Filter custom = services.values().filter(RECORD_TYPE, "k.id", customFilters);
            jpql.append(" AND ").append(custom.condition());
            parameters.putAll(custom.parameters());
            Cursor cursor = page.cursor();
            if (cursor != null) {
                if (cursor.keys().size() != 2) {
                    throw Problem.validation(List.of(new FieldError("cursor", "is not a cursor of this list")))
                            .toException();
                }
                jpql.append(" AND (k.nameKey > :afterName OR (k.nameKey = :afterName AND k.id > :afterId))");
                parameters.put("afterName", cursor.key(0));
                parameters.put("afterId", cursor.key(1));
            }
            jpql.append(" ORDER BY k.nameKey, k.id");
            TypedQuery<ContactEntity> select = em.createQuery(jpql.toString(), ContactEntity.class);
            parameters.forEach(select::setParameter);
            List<ContactEntity> rows = select.setMaxResults(page.limit() + 1).getResultList();
            List<Contact> items = views(em, rows.stream().limit(page.limit()).toList());
            if (rows.size() <= page.limit()) {
                return Page.last(items);
            }
            ContactEntity last = rows.get(page.limit() - 1);
            return new Page<>(items, Cursor.of(ContactFields.nameKey(last.fields().firstName(),
                    last.fields().lastName()), last.id()).encode());
        });
    }

    // ---------------------------------------------------------------- writes

    public Contact create(ContactFields request, boolean allowDuplicates) {
        ContactFields valid = request.validated();
        String me = services.currentUser().require().id();
        CustomerScope scope = services.customers().scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            Map<String, Object> custom = checkedAsNew(em, valid, scope, allowDuplicates);
            Instant now = now();
            if (valid.primary()) {
                unmarkOtherPrimaries(em, valid.customerId(), null, me, now);
            }
            ContactEntity contact = new ContactEntity(UUID.randomUUID().toString(), valid, me, now);
            em.persist(contact);
            Writes.flush(em, "contact");
            ContactNames.refresh(em, List.of(contact.customerId()));
            services.values().write(em, RECORD_TYPE, contact.id(), custom);
            services.audit().record(RECORD_TYPE, contact.id(), AuditAction.CREATED,
                    FieldChange.created(snapshot(contact, custom)), null);
            services.events().publish(new ContactEvent.Created(contact.id(), contact.customerId(), now));
            return contact.view(custom);
        });
    }

    /**
     * Creates contacts as {@link #create} does with duplicates allowed, each by the same rules (fields, a customer
     * the caller sees, custom values) and with the same side effects (a primary contact takes the mark from the
     * customer's others, audit entries, events), but written together: persisted and sent in one flush, their
     * custom values with one read of the definitions, their audit entries in one call. A flush per contact would
     * also compare every contact already written in the transaction.
     *
     * <p>For imports, which look for duplicates before (a batch query, then {@link #duplicatesOf}). Any refusal
     * fails the whole call with the problem {@link #create} would answer: the caller's transaction rolls back, and
     * an import then writes its batch again row by row through {@link #create}, which names the refused row.
     *
     * @return the new contacts' ids, in the order of the fields
     */
    public List<String> createAll(List<ContactFields> requests) {
        List<ContactFields> valid = requests.stream().map(ContactFields::validated).toList();
        String me = services.currentUser().require().id();
        CustomerScope scope = services.customers().scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            // read before anything is persisted, so neither query has to flush; the customers' visibility is then
            // checked row by row without a trip each
            loadCustomers(em, valid.stream().map(ContactFields::customerId).collect(Collectors.toSet()));
            Map<String, List<ContactEntity>> primaries = primariesOf(em, valid.stream().filter(ContactFields::primary)
                    .map(ContactFields::customerId).collect(Collectors.toSet()));
            Set<String> createdHere = new HashSet<>();
            List<String> ids = new ArrayList<>(valid.size());
            Map<String, Map<String, Object>> customValues = new LinkedHashMap<>();
            List<NewAuditEntry> entries = new ArrayList<>();
            // a contact of this call that a later one unmarks: its entry must come after its CREATED entry, and the
            // entries of one audit call share their time
            List<NewAuditEntry> laterEntries = new ArrayList<>();
            List<ContactEvent> events = new ArrayList<>(valid.size());
            for (ContactFields fields : valid) {
                Map<String, Object> custom = checkedAsNew(em, fields, scope, true);
                Instant now = now();
                if (fields.primary()) {
                    List<ContactEntity> current = primaries.computeIfAbsent(fields.customerId(),
                            customer -> new ArrayList<>());
                    if (current.stream().anyMatch(other -> createdHere.contains(other.id()))) {
                        // written first, so the unmarked contact has the version a create and an update give it
                        Writes.flush(em, "contact");
                    }
                    for (NewAuditEntry entry : unmarked(current, null, me, now)) {
                        (createdHere.contains(entry.recordId()) ? laterEntries : entries).add(entry);
                    }
                    current.clear();
                }
                ContactEntity contact = new ContactEntity(UUID.randomUUID().toString(), fields, me, now);
                em.persist(contact);
                if (contact.isPrimary()) {
                    primaries.get(contact.customerId()).add(contact);
                }
                createdHere.add(contact.id());
                ids.add(contact.id());
                customValues.put(contact.id(), custom);
                // taken now: a later row may still unmark this contact
                entries.add(new NewAuditEntry(RECORD_TYPE, contact.id(), AuditAction.CREATED,
                        FieldChange.created(snapshot(contact, custom)), null));
                events.add(new ContactEvent.Created(contact.id(), contact.customerId(), now));
            }
            services.values().writeNew(em, RECORD_TYPE, customValues);
            Writes.flush(em, "contact");
            ContactNames.refresh(em, valid.stream().map(ContactFields::customerId).toList());
            services.audit().recordAll(entries);
            if (!laterEntries.isEmpty()) {
                services.audit().recordAll(laterEntries);
            }
            events.forEach(services.events()::publish);
            return ids;
        });
    }

    /**
     * The checks every new contact passes: its customer must be live and visible to the caller, without
     * {@code allowDuplicates} it must not look like a live contact, and its custom values must be valid.
     *
     * @param valid the validated fields
     * @return the custom values as they are stored
     */
    private Map<String, Object> checkedAsNew(EntityManager em, ContactFields valid, CustomerScope scope,
                                             boolean allowDuplicates) {
        requireCustomer(em, valid.customerId(), scope);
        if (!allowDuplicates) {
            refuseDuplicates(em, null, valid, scope);
        }
        return services.values().validate(RECORD_TYPE, Map.of(), valid.customFields());
    }

    /** Reads these customers into the entity manager at once, for the checks that then find them one by one. */
    private static void loadCustomers(EntityManager em, Set<String> customerIds) {
        List<String> ids = customerIds.stream().filter(id -> id.length() <= 36).toList();
        for (int from = 0; from < ids.size(); from += 1000) {
            em.createQuery("SELECT c FROM CustomerEntity c WHERE c.id IN :ids", CustomerEntity.class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 1000))).getResultList();
        }
    }

    public Contact change(String id, String ifMatch, UnaryOperator<ContactFields> edit, boolean allowDuplicates) {
        String me = services.currentUser().require().id();
        CustomerScope scope = services.customers().scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            ContactEntity contact = live(em, id, scope).orElseThrow(() -> notFound(id));
            new EntityVersion(contact.version()).requireMatch(ifMatch);
            Map<String, Object> stored = services.values().load(em, RECORD_TYPE, id);
            ContactFields before = contact.fields().withCustomFields(stored);
            ContactFields valid = edit.apply(before).validated();
            Map<String, Object> custom = services.values().validate(RECORD_TYPE, stored, valid.customFields());
            if (!valid.customerId().equals(before.customerId())) {
                requireCustomer(em, valid.customerId(), scope);
            }
            if (!allowDuplicates && identityChanged(before, valid)) {
                refuseDuplicates(em, id, valid, scope);
            }
            Instant now = now();
            if (valid.primary() && !(before.primary() && valid.customerId().equals(before.customerId()))) {
                unmarkOtherPrimaries(em, valid.customerId(), id, me, now);
            }
            Map<String, Object> snapshot = snapshot(contact, stored);
            contact.apply(valid, me, now);
            List<FieldChange> changes = FieldChange.between(snapshot, snapshot(contact, custom));
            if (changes.isEmpty()) {
                em.detach(contact);
                return live(em, id, scope).map(unchanged -> unchanged.view(stored)).orElseThrow(() -> notFound(id));
            }
            Writes.flush(em, "contact");
            if (!contact.nameKey().equals(ContactFields.nameKey(before.firstName(), before.lastName()))
                    || !contact.customerId().equals(before.customerId())) {
                ContactNames.refresh(em, List.of(before.customerId(), contact.customerId()));
            }
            if (!custom.equals(stored)) {
                services.values().write(em, RECORD_TYPE, id, custom);
            }
            services.audit().record(RECORD_TYPE, id, AuditAction.UPDATED, changes, null);
            Set<String> fields = new TreeSet<>();
            changes.forEach(change -> fields.add(change.field()));
            services.events().publish(new ContactEvent.Updated(id, contact.customerId(), fields, now));
            return contact.view(custom);
        });
    }

    void delete(String id, String ifMatch) {
        String me = services.currentUser().require().id();
        CustomerScope scope = services.customers().scope();
        jpa.tx(TransactionType.Required, em -> {
            ContactEntity contact = live(em, id, scope).orElseThrow(() -> notFound(id));
            if (ifMatch != null) {
                new EntityVersion(contact.version()).requireMatch(ifMatch);
            }
            Instant now = now();
            contact.delete(me, now);
            Writes.flush(em, "contact");
            ContactNames.refresh(em, List.of(contact.customerId()));
            services.recycleBin().add(CustomerStore.MODULE, RECORD_TYPE, id, contact.displayName());
            services.audit().record(RECORD_TYPE, id, AuditAction.DELETED, List.of(), null);
            services.events().publish(new ContactEvent.Deleted(id, contact.customerId(), now));
        });
    }

    void restore(String id) {
        String me = services.currentUser().require().id();
        jpa.tx(TransactionType.Required, em -> {
            ContactEntity contact = em.find(ContactEntity.class, id);
            if (contact == null || !contact.deleted()) {
                throw Problem.notFound("no deleted contact with id " + id).toException();
            }
            CustomerEntity customer = em.find(CustomerEntity.class, contact.customerId());
            if (customer == null || customer.deleted()) {
                throw Problem.conflict("the customer of " + contact.displayName() + " is deleted; restore it first")
                        .toException();
            }
            Instant now = now();
            if (contact.isPrimary()) {
                // another contact may have become the primary one meanwhile; it stays so
                long primaries = em.createQuery("SELECT COUNT(k) FROM ContactEntity k WHERE k.customerId = :customer"
                        + " AND k.deletedAt IS NULL AND k.primary = TRUE", Long.class)
                        .setParameter("customer", contact.customerId()).getSingleResult();
                if (primaries > 0) {
                    contact.unmarkPrimary(me, now);
                }
            }
            contact.restore(me, now);
            Writes.flush(em, "contact");
            ContactNames.refresh(em, List.of(contact.customerId()));
            services.audit().record(RECORD_TYPE, id, AuditAction.RESTORED, List.of(), null);
            services.events().publish(new ContactEvent.Restored(id, contact.customerId(), now));
        });
    }

    void purge(String id) {
        jpa.tx(TransactionType.Required, em -> {
            ContactEntity contact = em.find(ContactEntity.class, id);
            if (contact != null && contact.deleted()) {
                services.values().purge(em, RECORD_TYPE, id);
                em.remove(contact);
                em.flush();
            }
        });
    }

    @Override
    public void purgeOf(EntityManager em, String customerId) {
        for (ContactEntity contact : em.createQuery("SELECT k FROM ContactEntity k WHERE k.customerId = :customer",
                ContactEntity.class).setParameter("customer", customerId).getResultList()) {
            services.values().purge(em, RECORD_TYPE, contact.id());
            em.remove(contact);
        }
    }

    @Override
    public String recordName() {
        return "contact";
    }

    /** A merged duplicate's contacts join the survivor; its primary contact stays primary only if it had none. */
    @Override
    public int moveAll(EntityManager em, String fromCustomerId, String toCustomerId) {
        String me = services.currentUser().require().id();
        Instant now = now();
        boolean survivorHasPrimary = em.createQuery("SELECT COUNT(k) FROM ContactEntity k WHERE k.customerId = :customer"
                + " AND k.deletedAt IS NULL AND k.primary = TRUE", Long.class)
                .setParameter("customer", toCustomerId).getSingleResult() > 0;
        List<ContactEntity> moving = em.createQuery("SELECT k FROM ContactEntity k WHERE k.customerId = :customer"
                + " AND k.deletedAt IS NULL", ContactEntity.class).setParameter("customer", fromCustomerId)
                .getResultList();
        for (ContactEntity contact : moving) {
            Map<String, Object> before = contact.snapshot();
            if (survivorHasPrimary && contact.isPrimary()) {
                contact.unmarkPrimary(me, now);
            }
            contact.moveTo(toCustomerId, me, now);
            services.audit().record(RECORD_TYPE, contact.id(), AuditAction.UPDATED,
                    FieldChange.between(before, contact.snapshot()), "its customer was merged into another");
        }
        if (!moving.isEmpty()) {
            ContactNames.refresh(em, List.of(fromCustomerId, toCustomerId));
        }
        return moving.size();
    }

    /** Whether the caller may see the contact, deleted or not, through its customer. */
    boolean visible(String id) {
        if (!services.access().permits("contacts:read")) {
            return false;
        }
        CustomerScope scope = services.customers().scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            ContactEntity contact = id == null || id.length() > 36 ? null : em.find(ContactEntity.class, id);
            if (contact == null) {
                return false;
            }
            CustomerEntity customer = em.find(CustomerEntity.class, contact.customerId());
            return customer != null && scope.allows(customer.ownerId());
        });
    }

    // ---------------------------------------------------------------- views

    private Contact view(EntityManager em, ContactEntity contact) {
        return contact.view(services.values().load(em, RECORD_TYPE, contact.id()));
    }

    private List<Contact> views(EntityManager em, List<ContactEntity> contacts) {
        Map<String, Map<String, Object>> values = services.values().load(em, RECORD_TYPE,
                contacts.stream().map(ContactEntity::id).toList());
        return contacts.stream().map(contact -> contact.view(values.getOrDefault(contact.id(), Map.of()))).toList();
    }

    private Map<String, Object> snapshot(ContactEntity contact, Map<String, Object> custom) {
        Map<String, Object> snapshot = contact.snapshot();
        snapshot.putAll(services.values().snapshot(custom));
        return snapshot;
    }

    // ---------------------------------------------------------------- rules

    private static void requireCustomer(EntityManager em, String customerId, CustomerScope scope) {
        if (CustomerStore.live(em, customerId, scope).isEmpty()) {
            throw Problem.validation("customerId", "is not a customer").toException();
        }
    }

    private void unmarkOtherPrimaries(EntityManager em, String customerId, String exceptId, String me, Instant now) {
        recordEach(unmarked(primariesOf(em, List.of(customerId)).getOrDefault(customerId, List.of()), exceptId, me,
                now));
    }

    /** The live primary contacts of these customers, by customer; customers without one are left out. */
    private static Map<String, List<ContactEntity>> primariesOf(EntityManager em, Collection<String> customerIds) {
        Map<String, List<ContactEntity>> primaries = new HashMap<>();
        List<String> ids = List.copyOf(customerIds);
        for (int from = 0; from < ids.size(); from += 1000) {
            for (ContactEntity primary : em.createQuery("SELECT k FROM ContactEntity k WHERE k.customerId IN"
                    + " :customers AND k.deletedAt IS NULL AND k.primary = TRUE", ContactEntity.class)
                    .setParameter("customers", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .getResultList()) {
                primaries.computeIfAbsent(primary.customerId(), customer -> new ArrayList<>()).add(primary);
            }
        }
        return primaries;
    }

    /**
     * Takes the primary mark from the contacts but one, as another contact of their customer becomes the primary
     * one.
     *
     * @param exceptId the contact becoming primary, or {@code null} for a new one
     * @return the audit entry of each contact unmarked
     */
    private static List<NewAuditEntry> unmarked(List<ContactEntity> primaries, String exceptId, String me,
                                                Instant now) {
        List<NewAuditEntry> entries = new ArrayList<>();
        for (ContactEntity other : primaries) {
            if (!other.id().equals(exceptId)) {
                Map<String, Object> before = other.snapshot();
                other.unmarkPrimary(me, now);
                entries.add(new NewAuditEntry(RECORD_TYPE, other.id(), AuditAction.UPDATED,
                        FieldChange.between(before, other.snapshot()), "another contact became the primary one"));
            }
        }
        return entries;
    }

    /** A call of the audit trail for each entry, as single writes always made them. */
    private void recordEach(List<NewAuditEntry> entries) {
        for (NewAuditEntry entry : entries) {
            services.audit().record(entry.recordType(), entry.recordId(), entry.action(), entry.changes(),
                    entry.reason());
        }
    }

    private static boolean identityChanged(ContactFields before, ContactFields after) {
        return !Objects.equals(ContactFields.nameKey(before.firstName(), before.lastName()),
                ContactFields.nameKey(after.firstName(), after.lastName()))
                || !Objects.equals(before.customerId(), after.customerId())
                || !before.emails().equals(after.emails())
                || !Objects.equals(before.phones().stream().map(Normalise::phone).toList(),
                after.phones().stream().map(Normalise::phone).toList());
    }

    /**
     * Refuses a contact with the same name at the same customer, or with an e-mail address or phone number another
     * live contact has. Candidates the caller may see are listed; the others only counted.
     */
    private void refuseDuplicates(EntityManager em, String id, ContactFields fields, CustomerScope scope) {
        List<Object[]> rows = duplicateRows(em, id, fields);
        if (rows.isEmpty()) {
            return;
        }
        List<Map<String, Object>> visible = new ArrayList<>();
        for (Object[] row : rows) {
            ContactEntity candidate = (ContactEntity) row[0];
            if (scope.allows((String) row[1])) {
                Contact view = candidate.view();
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("id", view.id());
                summary.put("customerId", view.customerId());
                summary.put("name", view.displayName());
                summary.put("emails", view.emails());
                summary.put("phones", view.phones());
                visible.add(summary);
            }
        }
        throw Problem.of(409, "duplicate", "Possible duplicate", "a contact with the same name at this customer, or"
                        + " the same e-mail or phone, exists; send allowDuplicate=true to create it anyway")
                .with("candidates", visible)
                .with("hiddenCandidates", rows.size() - visible.size())
                .toException();
    }

    /** Live contacts the fields would duplicate, oldest first, each as {@code [contact, its customer's owner]}. */
    private List<Object[]> duplicateRows(EntityManager em, String id, ContactFields fields) {
        List<String> matches = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        matches.add("(k.customerId = :customer AND k.nameKey = :name)");
        parameters.put("customer", fields.customerId());
        parameters.put("name", ContactFields.nameKey(fields.firstName(), fields.lastName()));
        if (!fields.emails().isEmpty()) {
            matches.add("EXISTS (SELECT e FROM ContactEntity k2 JOIN k2.emails e WHERE k2 = k AND e IN :emails)");
            parameters.put("emails", fields.emails());
        }
        List<String> phoneKeys = fields.phones().stream().map(Normalise::phone).toList();
        if (!phoneKeys.isEmpty()) {
            matches.add("EXISTS (SELECT p FROM ContactEntity k3 JOIN k3.phones p WHERE k3 = k"
                    + " AND p.phoneKey IN :phones)");
            parameters.put("phones", phoneKeys);
        }
        String notSelf = id == null ? "" : " AND k.id <> :self";
        if (id != null) {
            parameters.put("self", id);
        }
        TypedQuery<Object[]> select = em.createQuery("SELECT k, c.ownerId FROM ContactEntity k, CustomerEntity c"
                + " WHERE c.id = k.customerId AND c.deletedAt IS NULL AND k.deletedAt IS NULL" + notSelf + " AND ("
                + String.join(" OR ", matches) + ") ORDER BY k.createdAt, k.id", Object[].class);
        parameters.forEach(select::setParameter);
        return select.setMaxResults(MAX_CANDIDATES).getResultList();
    }

    /**
     * The live contacts a new one with these (validated) fields would duplicate, as {@link #create} refuses them
     * without {@code allowDuplicates}. Joins the caller's transaction, so an import sees its own batch's contacts.
     */
    public DuplicateMatches duplicatesOf(ContactFields fields) {
        CustomerScope scope = services.customers().scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            List<Object[]> rows = duplicateRows(em, null, fields);
            List<String> visible = rows.stream().filter(row -> scope.allows((String) row[1]))
                    .map(row -> ((ContactEntity) row[0]).id()).toList();
            return new DuplicateMatches(visible, rows.size() - visible.size());
        });
    }

    private static Optional<ContactEntity> live(EntityManager em, String id, CustomerScope scope) {
        ContactEntity contact = id == null || id.length() > 36 ? null : em.find(ContactEntity.class, id);
        if (contact == null || contact.deleted()) {
            return Optional.empty();
        }
        return CustomerStore.live(em, contact.customerId(), scope).map(customer -> contact);
    }

    static RuntimeException notFound(String id) {
        return Problem.notFound("no contact with id " + id).toException();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
