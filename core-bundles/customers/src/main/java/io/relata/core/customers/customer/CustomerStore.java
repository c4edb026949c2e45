package io.relata.core.customers.customer;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.TypedQuery;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.AuditTrail;
import io.relata.api.audit.FieldChange;
import io.relata.api.audit.NewAuditEntry;
import io.relata.api.customer.Address;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerEvent;
import io.relata.api.customer.CustomerMergeParticipant;
import io.relata.api.customer.Customers;
import io.relata.api.customfield.CustomFields;
import io.relata.api.event.DomainEvents;
import io.relata.api.persistence.SchemaStatus;
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
import io.relata.api.security.UserPrincipal;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;
import io.relata.core.customers.field.CustomValues;

/**
 * Customers in {@code core_customer}. Each public method is one transaction: the row, its audit entry, its
 * recycle-bin entry and its events commit together, and events reach listeners only after the commit.
 *
 * <p>Every read applies the caller's data scope for customers inside the query ({@link CustomerScope}): a
 * customer outside it is missing from lists and answers 404, as if it did not exist.
 */
@Component(service = {CustomerStore.class, Customers.class}, configurationPid = PoolSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PoolSettings.class)
public class CustomerStore implements Customers {

    public static final String MODULE = "core";
    static final String RECORD_TYPE = Customers.RECORD_TYPE;
    /** A hierarchy deeper than this is taken for corrupt data rather than walked forever. */
    private static final int MAX_DEPTH = 1000;

    /** The services the store works with; all of them are core's, reached through the plugin API. */
    record Services(JpaTemplate jpa, CurrentUser currentUser, AccessControl access, Users users, AuditTrail audit,
                    RecycleBin recycleBin, DomainEvents events, CustomerRules rules, CustomValues values) {
    }

    private final List<CustomerDependants> dependants = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, CustomerMergeParticipant> mergeParticipants =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Services services;
    private final JpaTemplate jpa;
    private final Clock clock;
    private volatile PoolSettings settings;

    @Activate
    public CustomerStore(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                         @Reference(target = CustomersSchema.READY) SchemaStatus schema,
                         @Reference CurrentUser currentUser, @Reference AccessControl access, @Reference Users users,
                         @Reference AuditTrail audit, @Reference RecycleBin recycleBin, @Reference DomainEvents events,
                         @Reference CustomerRules rules, @Reference CustomFields customFields, PoolSettings settings) {
        this(new Services(jpa, currentUser, access, users, audit, recycleBin, events, rules,
                new CustomValues(customFields)), settings,
                Clock.systemUTC());
    }

    CustomerStore(Services services, PoolSettings settings, Clock clock) {
        this.services = services;
        this.jpa = services.jpa();
        this.settings = settings;
        this.clock = clock;
    }

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void addDependants(CustomerDependants more) {
        dependants.add(more);
    }

    void removeDependants(CustomerDependants gone) {
        dependants.remove(gone);
    }

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void addMergeParticipant(CustomerMergeParticipant participant, Map<String, Object> properties) {
        mergeParticipants.put(participantId(participant, properties), participant);
    }

    void removeMergeParticipant(CustomerMergeParticipant participant, Map<String, Object> properties) {
        mergeParticipants.remove(participantId(participant, properties), participant);
    }

    private static String participantId(CustomerMergeParticipant participant, Map<String, Object> properties) {
        Object id = properties.get(CustomerMergeParticipant.PARTICIPANT_ID);
        return id == null ? participant.getClass().getName() : id.toString();
    }

    @Modified
    void settings(PoolSettings changed) {
        this.settings = changed;
    }

    PoolSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- reads

    /** For plugins: also empty without {@code customers:read}, as the REST API would answer. */
    @Override
    public Optional<Customer> find(String id) {
        if (!services.access().permits("customers:read")) {
            return Optional.empty();
        }
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports,
                em -> liveWithTags(em, id, scope).map(customer -> view(em, customer)));
    }

    public Page<Customer> list(CustomerQuery query, PageRequest page) {
        CustomerScope scope = scope();
        String me = services.currentUser().require().id();
        // a search runs in a transaction: on PostgreSQL its statements share settings (ListSearch)
        return jpa.txExpr(query.q() == null ? TransactionType.Supports : TransactionType.Required, em -> {
            Cursor cursor = page.cursor();
            Object afterKey = cursor == null ? null : cursorKey(query.sort(), cursor);
            CustomerQuery.Where where = query.where("c", me, em, cursor == null, page.limit() + 1);
            List<CustomerEntity> rows = listed(em, query, where.condition(), where, scope, afterKey, cursor, page);
            if (where.whole() != null && rows.size() <= page.limit()) {
                // the first customers found did not hold the page: all of them
                rows = listed(em, query, where.whole(), where, scope, afterKey, cursor, page);
            }
            List<Customer> items = views(em, rows.stream().limit(page.limit()).toList());
            if (rows.size() <= page.limit()) {
                return Page.last(items);
            }
            CustomerEntity last = rows.get(page.limit() - 1);
            return new Page<>(items, Cursor.of(query.sort().parameter, last.sortKey(query.sort()), last.id()).encode());
        });
    }

    private List<CustomerEntity> listed(EntityManager em, CustomerQuery query, String condition,
                                        CustomerQuery.Where where, CustomerScope scope, Object afterKey,
                                        Cursor cursor, PageRequest page) {
        ScopeClause visible = scope.jpql("c");
        CustomValues.Filter custom = services.values().filter(RECORD_TYPE, "c.id", query.customFields());
        TypedQuery<CustomerEntity> select = KeysetPage.query(em, CustomerEntity.class, "c",
                List.of(visible.condition(), condition, custom.condition()), query.sort().attribute,
                query.descending(), cursor, afterKey);
        visible.named().forEach(select::setParameter);
        where.parameters().forEach(select::setParameter);
        custom.parameters().forEach(select::setParameter);
        return withTags(select).setMaxResults(page.limit() + 1).getResultList();
    }

    /** The direct children of a customer the caller can see, by name. */
    public List<Customer> children(String id) {
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            live(em, id, scope).orElseThrow(() -> notFound(id));
            ScopeClause visible = scope.jpql("c");
            TypedQuery<CustomerEntity> select = em.createQuery("SELECT c FROM CustomerEntity c WHERE c.deletedAt IS NULL"
                    + " AND c.parentId = :parent AND " + visible.condition() + " ORDER BY c.nameKey, c.id",
                    CustomerEntity.class);
            select.setParameter("parent", id);
            visible.named().forEach(select::setParameter);
            return views(em, withTags(select).setMaxResults(PageRequest.MAX_LIMIT * 5).getResultList());
        });
    }

    /**
     * The chain from the parent up to the root. Ancestors outside the caller's scope are left out: the chain shows
     * what the caller may see, never the names of customers they may not.
     */
    public List<Customer> ancestors(String id) {
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            CustomerEntity customer = live(em, id, scope).orElseThrow(() -> notFound(id));
            List<Customer> chain = new ArrayList<>();
            for (CustomerEntity ancestor : ancestry(em, customer.parentId())) {
                if (!ancestor.deleted() && scope.allows(ancestor.ownerId())) {
                    chain.add(view(em, ancestor));
                }
            }
            return chain;
        });
    }

    /** @return the ids of the customer and of every live customer below it, however deep */
    public Set<String> subtree(EntityManager em, String rootId) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        List<String> level = List.of(rootId);
        ids.add(rootId);
        for (int depth = 0; !level.isEmpty() && depth < MAX_DEPTH; depth++) {
            List<String> next = em.createQuery("SELECT c.id FROM CustomerEntity c WHERE c.deletedAt IS NULL"
                    + " AND c.parentId IN :parents", String.class).setParameter("parents", level).getResultList();
            level = next.stream().filter(ids::add).toList();
        }
        return ids;
    }

    /**
     * The live customers that a new one with these (validated) fields would duplicate: the same normalised name,
     * e-mail or phone, as {@link #create} refuses without {@code allowDuplicates}. Joins the caller's transaction,
     * so an import sees the customers its own batch created moments before.
     */
    public DuplicateMatches duplicatesOf(CustomerFields fields) {
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            List<DuplicateCandidate> candidates = duplicates(em, null, Normalise.name(fields.name()),
                    Normalise.email(fields.email()), Normalise.phone(fields.phone()));
            List<String> visible = candidates.stream().filter(candidate -> scope.allows(candidate.ownerId()))
                    .map(DuplicateCandidate::id).toList();
            return new DuplicateMatches(visible, candidates.size() - visible.size());
        });
    }

    /**
     * Ids of the live customers the caller can see that have this name, compared as duplicate detection compares
     * names (case and spacing aside), oldest first: for imports that name a contact's customer instead of giving
     * its id.
     */
    public List<String> idsByName(String name, int limit) {
        String key = Normalise.name(name);
        if (key == null || key.isEmpty()) {
            return List.of();
        }
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            ScopeClause visible = scope.jpql("c");
            TypedQuery<String> select = em.createQuery("SELECT c.id FROM CustomerEntity c WHERE c.deletedAt IS NULL"
                    + " AND c.nameKey = :name AND " + visible.condition() + " ORDER BY c.createdAt, c.id",
                    String.class);
            select.setParameter("name", key);
            visible.named().forEach(select::setParameter);
            return select.setMaxResults(limit).getResultList();
        });
    }

    // ---------------------------------------------------------------- writes

    public Customer create(CustomerFields request, boolean allowDuplicates) {
        CustomerFields valid = request.validated();
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            CustomerFields fields = checkedAsNew(em, valid, me, scope, new HashSet<>());
            String owner = fields.ownerId();
            if (!allowDuplicates) {
                refuseDuplicates(em, null, fields, scope);
            }
            Map<String, Object> custom = services.values().validate(RECORD_TYPE, Map.of(), fields.customFields());
            Instant now = now();
            CustomerEntity customer = new CustomerEntity(UUID.randomUUID().toString(), fields, me, now);
            em.persist(customer);
            Writes.flush(em, "customer");
            services.values().write(em, RECORD_TYPE, customer.id(), custom);
            services.audit().record(RECORD_TYPE, customer.id(), AuditAction.CREATED,
                    FieldChange.created(snapshot(customer, custom)), null);
            services.events().publish(new CustomerEvent.Created(customer.id(), customer.name(), owner, now));
            return customer.view(custom);
        });
    }

    /**
     * Creates customers as {@link #create} does with duplicates allowed, one by one by the same rules (fields,
     * owner and its permission, reference data, parent in scope) and each with its audit entry, custom values and
     * event, but written together: persisted and sent in one flush, their custom values and audit entries in one
     * call each. A flush per customer would also compare every customer already written in the transaction.
     *
     * <p>For imports, which look for duplicates before (a batch query, then {@link #duplicatesOf}). The custom
     * values are checked here as {@link #create} checks them, although an import checked them already: the
     * definitions are in memory, and a caller that did not cannot skip a required field. Any refusal fails the
     * whole call: the caller's transaction rolls back, and an import then writes its batch again row by row through
     * {@link #create}, which names the refused row.
     *
     * @return the new customers' ids, in the order of the fields
     */
    public List<String> createAll(List<CustomerFields> requests) {
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            // the same few owners come back on every row of a file: the directory is asked once about each
            Set<String> assignable = new HashSet<>();
            List<CustomerEntity> customers = new ArrayList<>(requests.size());
            List<CustomerEvent> events = new ArrayList<>(requests.size());
            Map<String, Map<String, Object>> customValues = new LinkedHashMap<>();
            for (CustomerFields request : requests) {
                CustomerFields fields = checkedAsNew(em, request.validated(), me, scope, assignable);
                Map<String, Object> custom = services.values().validate(RECORD_TYPE, Map.of(), fields.customFields());
                String owner = fields.ownerId();
                Instant now = now();
                CustomerEntity customer = new CustomerEntity(UUID.randomUUID().toString(), fields, me, now);
                em.persist(customer);
                customers.add(customer);
                events.add(new CustomerEvent.Created(customer.id(), customer.name(), owner, now));
                customValues.put(customer.id(), custom);
            }
            services.values().writeNew(em, RECORD_TYPE, customValues);
            Writes.flush(em, "customer");
            List<NewAuditEntry> entries = new ArrayList<>(customers.size());
            for (CustomerEntity customer : customers) {
                entries.add(new NewAuditEntry(RECORD_TYPE, customer.id(), AuditAction.CREATED,
                        FieldChange.created(snapshot(customer, customValues.get(customer.id()))), null));
            }
            services.audit().recordAll(entries);
            events.forEach(services.events()::publish);
            return customers.stream().map(CustomerEntity::id).toList();
        });
    }

    /**
     * The validated fields of a new customer with their owner (the caller when none is given), checked by the rules
     * every new customer meets: giving it to someone else needs {@code customers:assign} and an active user, the
     * reference data must be known and the parent visible.
     *
     * @param assignable owners already found assignable in this transaction; the ones found here are added
     */
    private CustomerFields checkedAsNew(EntityManager em, CustomerFields valid, String me, CustomerScope scope,
                                        Set<String> assignable) {
        String owner = valid.ownerId() == null ? me : valid.ownerId();
        if (!owner.equals(me)) {
            services.access().require("customers:assign");
            if (!assignable.contains(owner)) {
                requireAssignable(owner, "ownerId");
                assignable.add(owner);
            }
        }
        CustomerFields fields = valid.withOwner(owner);
        services.rules().check(fields, null);
        checkParent(em, null, fields.parentId(), scope);
        return fields;
    }

    /**
     * @param ifMatch the client's {@code If-Match}: the change applies only to the version the client read
     * @param edit    turns the current writable fields into the new ones
     */
    public Customer change(String id, String ifMatch, UnaryOperator<CustomerFields> edit, boolean allowDuplicates) {
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            CustomerEntity customer = live(em, id, scope).orElseThrow(() -> notFound(id));
            new EntityVersion(customer.version()).requireMatch(ifMatch);
            Map<String, Object> stored = services.values().load(em, RECORD_TYPE, id);
            CustomerFields before = customer.fields().withCustomFields(stored);
            CustomerFields valid = edit.apply(before).validated();
            if (!Objects.equals(valid.ownerId(), before.ownerId())) {
                services.access().require("customers:assign");
                if (valid.ownerId() != null) {
                    requireAssignable(valid.ownerId(), "ownerId");
                }
            }
            services.rules().check(valid, before);
            if (!Objects.equals(valid.parentId(), before.parentId())) {
                checkParent(em, id, valid.parentId(), scope);
            }
            if (!allowDuplicates && identityChanged(before, valid)) {
                refuseDuplicates(em, id, valid, scope);
            }
            Map<String, Object> custom = services.values().validate(RECORD_TYPE, stored, valid.customFields());
            Map<String, Object> snapshot = snapshot(customer, stored);
            Instant now = now();
            customer.apply(valid, me, now);
            List<FieldChange> changes = FieldChange.between(snapshot, snapshot(customer, custom));
            if (changes.isEmpty()) {
                em.detach(customer);
                return live(em, id, scope).map(unchanged -> unchanged.view(stored)).orElseThrow(() -> notFound(id));
            }
            Writes.flush(em, "customer");
            if (!custom.equals(stored)) {
                services.values().write(em, RECORD_TYPE, id, custom);
            }
            services.audit().record(RECORD_TYPE, id, AuditAction.UPDATED, changes, null);
            services.events().publish(new CustomerEvent.Updated(id, changedFields(changes), now));
            return customer.view(custom);
        });
    }

    /** Moves the customer to the recycle bin; {@code ifMatch} is optional here, and checked when sent. */
    public void delete(String id, String ifMatch) {
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        jpa.tx(TransactionType.Required, em -> {
            CustomerEntity customer = live(em, id, scope).orElseThrow(() -> notFound(id));
            if (ifMatch != null) {
                new EntityVersion(customer.version()).requireMatch(ifMatch);
            }
            long children = em.createQuery("SELECT COUNT(c) FROM CustomerEntity c WHERE c.deletedAt IS NULL"
                    + " AND c.parentId = :id", Long.class).setParameter("id", id).getSingleResult();
            if (children > 0) {
                throw Problem.conflict("'" + customer.name() + "' has " + children + " sub-customer"
                        + (children == 1 ? "" : "s") + "; move or delete them first").toException();
            }
            Instant now = now();
            customer.delete(me, now);
            Writes.flush(em, "customer");
            services.recycleBin().add(MODULE, RECORD_TYPE, id, customer.name());
            services.audit().record(RECORD_TYPE, id, AuditAction.DELETED, List.of(), null);
            services.events().publish(new CustomerEvent.Deleted(id, customer.name(), now));
        });
    }

    /** Brings a deleted customer back; called by the recycle bin inside its transaction. */
    public void restore(String id) {
        String me = services.currentUser().require().id();
        jpa.tx(TransactionType.Required, em -> {
            CustomerEntity customer = em.find(CustomerEntity.class, id);
            if (customer == null || !customer.deleted() || customer.mergedInto() != null) {
                throw Problem.notFound("no deleted customer with id " + id).toException();
            }
            if (customer.parentId() != null) {
                CustomerEntity parent = em.find(CustomerEntity.class, customer.parentId());
                if (parent == null || parent.deleted()) {
                    throw Problem.conflict("the parent customer of '" + customer.name()
                            + "' is deleted; restore it first").toException();
                }
            }
            Instant now = now();
            customer.restore(me, now);
            Writes.flush(em, "customer");
            services.audit().record(RECORD_TYPE, id, AuditAction.RESTORED, List.of(), null);
            services.events().publish(new CustomerEvent.Restored(id, customer.name(), now));
        });
    }

    /** Removes a deleted customer for good; its audit trail stays. */
    public void purge(String id) {
        jpa.tx(TransactionType.Required, em -> {
            CustomerEntity customer = em.find(CustomerEntity.class, id);
            if (customer != null && customer.deleted()) {
                for (CustomerDependants records : dependants) {
                    records.purgeOf(em, id);
                }
                services.values().purge(em, RECORD_TYPE, id);
                em.remove(customer);
                em.flush();
            }
        });
    }

    // ---------------------------------------------------------------- the public pool

    /** Takes a customer from the pool for the caller, within their cap. */
    public Customer claim(String id) {
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            CustomerEntity customer = live(em, id, scope).orElseThrow(() -> notFound(id));
            if (customer.ownerId() != null) {
                throw Problem.of(409, "not-in-pool", "Not in the pool", me.equals(customer.ownerId())
                        ? "you already own '" + customer.name() + "'"
                        : "'" + customer.name() + "' is owned by someone else; only pool customers can be claimed")
                        .toException();
            }
            requireBelowCap(em, me);
            Instant now = now();
            customer.changeOwner(me, me, now);
            Writes.flush(em, "customer");
            services.audit().record(RECORD_TYPE, id, AuditAction.CLAIMED,
                    List.of(new FieldChange("ownerId", null, me)), null);
            services.events().publish(new CustomerEvent.Claimed(id, me, now));
            return view(em, customer);
        });
    }

    /** Returns a customer to the pool: its owner may, and whoever may assign customers. */
    public Customer release(String id, String reason) {
        String why = requireReason(reason);
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            CustomerEntity customer = live(em, id, scope).orElseThrow(() -> notFound(id));
            String owner = customer.ownerId();
            if (owner == null) {
                throw Problem.of(409, "in-pool", "Already in the pool", "'" + customer.name()
                        + "' is already in the pool").toException();
            }
            if (!owner.equals(me)) {
                services.access().require("customers:assign");
            }
            Instant now = now();
            customer.changeOwner(null, me, now);
            Writes.flush(em, "customer");
            services.audit().record(RECORD_TYPE, id, AuditAction.RELEASED,
                    List.of(new FieldChange("ownerId", owner, null)), why);
            services.events().publish(new CustomerEvent.Released(id, owner, why, now));
            return view(em, customer);
        });
    }

    /** Gives a customer to another user; needs {@code customers:assign}. The new owner's cap applies. */
    public Customer assign(String id, String ownerId, String reason) {
        services.access().require("customers:assign");
        String why = reason == null || reason.isBlank() ? null : requireReason(reason);
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        if (ownerId == null || ownerId.isBlank()) {
            throw Problem.validation("ownerId", "is required").toException();
        }
        requireAssignable(ownerId, "ownerId");
        return jpa.txExpr(TransactionType.Required, em -> {
            CustomerEntity customer = live(em, id, scope).orElseThrow(() -> notFound(id));
            String previous = customer.ownerId();
            if (ownerId.equals(previous)) {
                return view(em, customer);
            }
            requireBelowCap(em, ownerId);
            Instant now = now();
            customer.changeOwner(ownerId, me, now);
            Writes.flush(em, "customer");
            services.audit().record(RECORD_TYPE, id, AuditAction.ASSIGNED,
                    List.of(new FieldChange("ownerId", previous, ownerId)), why);
            services.events().publish(new CustomerEvent.Assigned(id, previous, ownerId, now));
            return view(em, customer);
        });
    }

    /**
     * Live customers whose current owner got them before the cutoff, by id after {@code afterId}: the candidates
     * of the pool's reclaim rule, whoever runs it (no data scope). Read as plain values straight from the
     * database, so a node never judges by a cached row that another node has changed since.
     */
    public List<Ownership> ownedBefore(Instant cutoff, String afterId, int limit) {
        return jpa.txExpr(TransactionType.Supports, em -> {
            TypedQuery<Object[]> select = em.createQuery("SELECT c.id, c.name, c.ownerId, c.ownerSince, c.version"
                    + " FROM CustomerEntity c WHERE c.deletedAt IS NULL AND c.ownerId IS NOT NULL"
                    + " AND c.ownerSince < :cutoff" + (afterId == null ? "" : " AND c.id > :afterId")
                    + " ORDER BY c.id", Object[].class);
            select.setParameter("cutoff", cutoff.atOffset(ZoneOffset.UTC));
            if (afterId != null) {
                select.setParameter("afterId", afterId);
            }
            return select.setMaxResults(limit).getResultList().stream()
                    .map(row -> new Ownership((String) row[0], (String) row[1], (String) row[2],
                            ((OffsetDateTime) row[3]).toInstant(), ((Number) row[4]).longValue()))
                    .toList();
        });
    }

    /**
     * Returns a customer to the pool for the pool's reclaim rule, as the platform itself: no permission or scope
     * check, otherwise as a manual release (audit entry {@code RELEASED} with the reason, event
     * {@link CustomerEvent.Released}). Always a transaction of its own, so one customer failing undoes no other.
     *
     * @return whether it went to the pool; {@code false} when it is no longer as the rule judged it (claimed,
     *         assigned, changed, deleted, or reclaimed by another node meanwhile), so the next run judges it again
     */
    public boolean reclaim(Ownership judged, String reason) {
        String why = requireReason(reason);
        return jpa.txExpr(TransactionType.RequiresNew, em -> {
            // the row lock makes a second node running the rule at the same time wait here, then see the change
            CustomerEntity customer = em.find(CustomerEntity.class, judged.customerId(),
                    LockModeType.PESSIMISTIC_WRITE);
            if (customer == null || customer.deleted() || customer.ownerId() == null
                    || customer.version() != judged.version()) {
                return false;
            }
            String owner = customer.ownerId();
            Instant now = now();
            customer.changeOwner(null, UserPrincipal.SYSTEM, now);
            Writes.flush(em, "customer");
            services.audit().record(RECORD_TYPE, customer.id(), AuditAction.RELEASED,
                    List.of(new FieldChange("ownerId", owner, null)), why);
            services.events().publish(new CustomerEvent.Released(customer.id(), owner, why, now));
            return true;
        });
    }

    // ---------------------------------------------------------------- merging duplicates

    /** The fields a merge can take from the duplicate instead of the survivor. */
    static final Set<String> MERGEABLE = Set.of("name", "legalName", "industry", "website", "phone", "email",
            "address", "stage", "subsidiaryId", "currency", "kind");

    /**
     * Merges a duplicate into a survivor in one transaction: the survivor keeps its values but fills its empty ones
     * from the duplicate (and takes those named in {@code take}), gains the duplicate's tags, contacts,
     * sub-customers and every module's references; the duplicate is gone, pointing at the survivor.
     */
    public Customer merge(String survivorId, String duplicateId, List<String> take, String ifMatch) {
        services.access().require("customers:merge");
        if (duplicateId == null || duplicateId.isBlank()) {
            throw Problem.validation("duplicateId", "is required").toException();
        }
        List<String> taken = take == null ? List.of() : take;
        List<String> unknown = taken.stream().filter(field -> !MERGEABLE.contains(field)).toList();
        if (!unknown.isEmpty()) {
            throw Problem.validation("take", "cannot take " + unknown + "; choose from " + new java.util.TreeSet<>(MERGEABLE))
                    .toException();
        }
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            CustomerEntity survivor = live(em, survivorId, scope).orElseThrow(() -> notFound(survivorId));
            if (ifMatch != null) {
                new EntityVersion(survivor.version()).requireMatch(ifMatch);
            }
            if (duplicateId.equals(survivorId)) {
                throw Problem.validation("duplicateId", "is the customer itself").toException();
            }
            CustomerEntity duplicate = live(em, duplicateId, scope)
                    .orElseThrow(() -> Problem.validation("duplicateId", "is not a customer").toException());
            if (ancestry(em, survivor.parentId()).contains(duplicate)
                    || ancestry(em, duplicate.parentId()).contains(survivor)) {
                throw Problem.conflict("one customer is above the other in the hierarchy; move it out before"
                        + " merging").toException();
            }
            Instant now = now();
            Map<String, Object> survivorValues = services.values().load(em, RECORD_TYPE, survivorId);
            Map<String, Object> custom = new java.util.TreeMap<>(services.values().load(em, RECORD_TYPE, duplicateId));
            custom.putAll(survivorValues);
            Map<String, Object> before = snapshot(survivor, survivorValues);
            survivor.apply(mergedFields(survivor.fields(), duplicate.fields(), taken).validated(), me, now);
            List<FieldChange> changes = FieldChange.between(before, snapshot(survivor, custom));
            Writes.flush(em, "customer");
            services.values().write(em, RECORD_TYPE, survivorId, custom);

            int children = 0;
            for (CustomerEntity child : em.createQuery("SELECT c FROM CustomerEntity c WHERE c.deletedAt IS NULL"
                    + " AND c.parentId = :parent", CustomerEntity.class).setParameter("parent", duplicateId)
                    .getResultList()) {
                child.apply(child.fields().withParent(survivorId), me, now);
                services.audit().record(RECORD_TYPE, child.id(), AuditAction.UPDATED,
                        List.of(new FieldChange("parentId", duplicateId, survivorId)),
                        "its parent " + duplicate.name() + " was merged into " + survivor.name());
                children++;
            }
            List<String> moved = new ArrayList<>();
            for (CustomerDependants records : dependants) {
                int count = records.moveAll(em, duplicateId, survivorId);
                if (count > 0) {
                    moved.add(count + " " + records.recordName() + (count == 1 ? "" : "s"));
                }
            }
            if (children > 0) {
                moved.add(children + " sub-customer" + (children == 1 ? "" : "s"));
            }
            mergeParticipants.forEach((id, participant) -> {
                int count = joinMerge(id, participant, survivorId, duplicateId);
                if (count > 0) {
                    moved.add(count + " " + id + " record" + (count == 1 ? "" : "s"));
                }
            });
            duplicate.mergeInto(survivorId, me, now);
            Writes.flush(em, "customer");
            String summary = moved.isEmpty() ? "" : "; moved " + String.join(", ", moved);
            services.audit().record(RECORD_TYPE, survivorId, AuditAction.MERGED, changes,
                    "merged " + duplicate.name() + " (" + duplicateId + ") into it" + summary);
            services.audit().record(RECORD_TYPE, duplicateId, AuditAction.MERGED,
                    List.of(new FieldChange("mergedInto", null, survivorId)),
                    "merged into " + survivor.name() + " (" + survivorId + ")");
            services.events().publish(new CustomerEvent.Merged(survivorId, duplicateId, now));
            return survivor.view(custom);
        });
    }

    /** The survivor's values, its empty ones filled from the duplicate, those named taken from it; tags joined. */
    private static CustomerFields mergedFields(CustomerFields mine, CustomerFields theirs, List<String> take) {
        Set<String> tags = new java.util.TreeSet<>(mine.tags());
        tags.addAll(theirs.tags());
        return new CustomerFields(pick("kind", mine.kind(), theirs.kind(), take),
                pick("name", mine.name(), theirs.name(), take),
                pick("legalName", mine.legalName(), theirs.legalName(), take),
                pick("industry", mine.industry(), theirs.industry(), take),
                pick("website", mine.website(), theirs.website(), take),
                pick("phone", mine.phone(), theirs.phone(), take),
                pick("email", mine.email(), theirs.email(), take),
                pick("address", mine.address(), theirs.address(), take),
                pick("stage", mine.stage(), theirs.stage(), take),
                List.copyOf(tags).subList(0, Math.min(tags.size(), CustomerFields.MAX_TAGS)),
                mine.ownerId() == null ? theirs.ownerId() : mine.ownerId(), mine.parentId(),
                pick("subsidiaryId", mine.subsidiaryId(), theirs.subsidiaryId(), take),
                pick("currency", mine.currency(), theirs.currency(), take), Map.of());
    }

    private static <T> T pick(String field, T mine, T theirs, List<String> take) {
        boolean theirsKnown = theirs != null && !Address.EMPTY.equals(theirs);
        boolean mineKnown = mine != null && !Address.EMPTY.equals(mine);
        return theirsKnown && (take.contains(field) || !mineKnown) ? theirs : mine;
    }

    private static int joinMerge(String id, CustomerMergeParticipant participant, String survivorId,
                                 String duplicateId) {
        try {
            return participant.merge(survivorId, duplicateId);
        } catch (io.relata.api.rest.ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CustomerStore.class).error("Merge participant '{}' failed; the merge of"
                    + " {} into {} is rolled back", id, duplicateId, survivorId, e);
            throw Problem.of(409, "merge-failed", "Merge failed", "the '" + id + "' module could not move its records,"
                    + " so nothing was merged; see the server log").with("participant", id).toException();
        }
    }

    /** @return the survivor a merged customer went into, if the caller may see it */
    public Optional<String> mergedInto(String id) {
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            CustomerEntity customer = couldBeAnId(id) ? em.find(CustomerEntity.class, id) : null;
            if (customer == null || customer.mergedInto() == null) {
                return Optional.<String>empty();
            }
            return live(em, customer.mergedInto(), scope).map(CustomerEntity::id);
        });
    }

    // ---------------------------------------------------------------- for the record-visibility service

    /** Whether the caller may see the customer, deleted or not: the audit trail of a deleted one stays readable. */
    public boolean visible(String id) {
        if (!services.access().permits("customers:read")) {
            return false;
        }
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            CustomerEntity customer = id == null ? null : em.find(CustomerEntity.class, id);
            return customer != null && scope.allows(customer.ownerId());
        });
    }

    // ---------------------------------------------------------------- views

    private Customer view(EntityManager em, CustomerEntity customer) {
        return customer.view(services.values().load(em, RECORD_TYPE, customer.id()));
    }

    /** The customers with their custom-field values, read for all of them at once. */
    private List<Customer> views(EntityManager em, List<CustomerEntity> customers) {
        Map<String, Map<String, Object>> values = services.values().load(em, RECORD_TYPE,
                customers.stream().map(CustomerEntity::id).toList());
        return customers.stream().map(customer -> customer.view(values.getOrDefault(customer.id(), Map.of())))
                .toList();
    }

    /** The fields as the audit trail compares them, custom fields as {@code cf.<key>}. */
    private Map<String, Object> snapshot(CustomerEntity customer, Map<String, Object> custom) {
        Map<String, Object> snapshot = customer.snapshot();
        snapshot.putAll(services.values().snapshot(custom));
        return snapshot;
    }

    // ---------------------------------------------------------------- rules

    /** The caller's view of customers, for the stores of records that hang off customers. */
    public CustomerScope scope() {
        return new CustomerScope(services.access().scope(RECORD_TYPE));
    }

    private void requireAssignable(String userId, String field) {
        Optional<UserSummary> user = services.users().byId(userId);
        if (user.isEmpty() || !user.get().active()) {
            throw Problem.validation(field, "is not an active user").toException();
        }
    }

    private void requireBelowCap(EntityManager em, String userId) {
        int cap = settings.pool_maxOwnedPerUser();
        if (cap <= 0) {
            return;
        }
        long owned = em.createQuery("SELECT COUNT(c) FROM CustomerEntity c WHERE c.deletedAt IS NULL"
                + " AND c.ownerId = :owner", Long.class).setParameter("owner", userId).getSingleResult();
        if (owned >= cap) {
            throw Problem.of(409, "owner-cap", "Too many customers", "the owner already has " + owned
                    + " customers; the cap is " + cap).with("cap", cap).with("owned", owned).toException();
        }
    }

    private static String requireReason(String reason) {
        String clean = reason == null ? "" : reason.strip();
        if (clean.isEmpty()) {
            throw Problem.validation("reason", "is required").toException();
        }
        if (clean.length() > 500) {
            throw Problem.validation("reason", "must be at most 500 characters").toException();
        }
        return clean;
    }

    /** The parent must be a live customer the caller can see, and must not be the customer or below it. */
    private void checkParent(EntityManager em, String id, String parentId, CustomerScope scope) {
        if (parentId == null) {
            return;
        }
        if (parentId.equals(id)) {
            throw Problem.validation("parentId", "a customer cannot be its own parent").toException();
        }
        if (live(em, parentId, scope).isEmpty()) {
            throw Problem.validation("parentId", "is not a customer").toException();
        }
        if (id != null && ancestry(em, parentId).stream().anyMatch(ancestor -> ancestor.id().equals(id))) {
            throw Problem.validation("parentId", "is below this customer in the hierarchy; that would make a cycle")
                    .toException();
        }
    }

    /** The customer with this id and its ancestors, nearest first; deleted ones included. */
    private static List<CustomerEntity> ancestry(EntityManager em, String id) {
        List<CustomerEntity> chain = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String next = id; next != null && chain.size() < MAX_DEPTH && seen.add(next); ) {
            CustomerEntity ancestor = em.find(CustomerEntity.class, next);
            if (ancestor == null) {
                break;
            }
            chain.add(ancestor);
            next = ancestor.parentId();
        }
        return chain;
    }

    private static boolean identityChanged(CustomerFields before, CustomerFields after) {
        return !Objects.equals(Normalise.name(before.name()), Normalise.name(after.name()))
                || !Objects.equals(Normalise.email(before.email()), Normalise.email(after.email()))
                || !Objects.equals(Normalise.phone(before.phone()), Normalise.phone(after.phone()));
    }

    /**
     * Refuses a customer whose normalised name, e-mail or phone is already a live customer's. Candidates the caller
     * may see are listed; the others only counted, so duplicate detection does not reveal them.
     */
    private void refuseDuplicates(EntityManager em, String id, CustomerFields fields, CustomerScope scope) {
        List<DuplicateCandidate> candidates = duplicates(em, id, Normalise.name(fields.name()),
                Normalise.email(fields.email()), Normalise.phone(fields.phone()));
        if (candidates.isEmpty()) {
            return;
        }
        List<DuplicateCandidate> visible = candidates.stream().filter(c -> scope.allows(c.ownerId())).toList();
        throw Problem.of(409, "duplicate", "Possible duplicate", candidates.size() == 1
                        ? "a customer with the same name, e-mail or phone exists; send allowDuplicate=true to create it anyway"
                        : candidates.size() + " customers with the same name, e-mail or phone exist; send"
                        + " allowDuplicate=true to create it anyway")
                .with("candidates", visible)
                .with("hiddenCandidates", candidates.size() - visible.size())
                .toException();
    }

    /** The live customers, other than {@code id}, that share a key with the one being written. */
    List<DuplicateCandidate> duplicates(EntityManager em, String id, String nameKey, String emailKey,
                                        String phoneKey) {
        if (nameKey == null && emailKey == null && phoneKey == null) {
            return List.of();
        }
        List<?> rows = em.createNamedQuery(CustomerEntity.DUPLICATES).setParameter(1, id == null ? "" : id)
                .setParameter(2, nameKey).setParameter(3, emailKey).setParameter(4, phoneKey).getResultList();
        List<DuplicateCandidate> candidates = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            candidates.add(DuplicateCandidate.of((String) columns[0], (String) columns[1], (String) columns[2],
                    (String) columns[3], (String) columns[4], nameKey, emailKey, phoneKey));
        }
        return candidates;
    }

    /** A live customer inside the caller's scope; anything else is "not found", so its existence does not leak. */
    public static Optional<CustomerEntity> live(EntityManager em, String id, CustomerScope scope) {
        return visible(couldBeAnId(id) ? em.find(CustomerEntity.class, id) : null, scope);
    }

    /**
     * A customer to show, read with its tags in the same statement instead of a second one (an outer join: a
     * customer without tags is still found). Unlike {@link #live} it always asks the database, and a pending change
     * in the persistence context is flushed first: for reads outside a writing transaction.
     */
    private static Optional<CustomerEntity> liveWithTags(EntityManager em, String id, CustomerScope scope) {
        if (!couldBeAnId(id)) {
            return Optional.empty();
        }
        List<CustomerEntity> rows = em.createNamedQuery(CustomerEntity.BY_ID_WITH_TAGS, CustomerEntity.class)
                .setParameter("id", id).getResultList();
        return visible(rows.isEmpty() ? null : rows.get(0), scope);
    }

    /** Longer than a UUID is no customer's id: not worth a trip to the database (nor a too-long parameter). */
    private static boolean couldBeAnId(String id) {
        return id != null && id.length() <= 36;
    }

    private static Optional<CustomerEntity> visible(CustomerEntity customer, CustomerScope scope) {
        return customer == null || customer.deleted() || !scope.allows(customer.ownerId()) ? Optional.empty()
                : Optional.of(customer);
    }

    private static <T> TypedQuery<T> withTags(TypedQuery<T> query) {
        // one extra query for the tags of the whole page, instead of one per customer
        return query.setHint("eclipselink.batch", "c.tags").setHint("eclipselink.batch.type", "IN");
    }

    private static Set<String> changedFields(List<FieldChange> changes) {
        Set<String> fields = new java.util.TreeSet<>();
        for (FieldChange change : changes) {
            String field = change.field();
            int dot = field.indexOf('.');
            fields.add(dot < 0 || field.startsWith("cf.") ? field : field.substring(0, dot));
        }
        return fields;
    }

    private static Object cursorKey(CustomerQuery.Sort sort, Cursor cursor) {
        try {
            if (cursor.keys().size() != 3 || !cursor.key(0).equals(sort.parameter)) {
                throw new IllegalArgumentException("not a cursor of this order");
            }
            return sort == CustomerQuery.Sort.NAME ? cursor.key(1) : Instant.parse(cursor.key(1)).atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw Problem.validation(List.of(new FieldError("cursor", "is not a cursor of this list and order")))
                    .toException();
        }
    }

    public static RuntimeException notFound(String id) {
        return Problem.notFound("no customer with id " + id).toException();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
