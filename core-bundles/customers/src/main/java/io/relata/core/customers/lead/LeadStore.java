package io.relata.core.customers.lead;

import java.time.Clock;
import java.time.Instant;
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
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;

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
import io.relata.api.customer.Lead;
import io.relata.api.customer.LeadEvent;
import io.relata.api.customer.LeadStatus;
import io.relata.api.customer.Leads;
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
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;
import io.relata.core.customers.customer.CustomerScope;
import io.relata.core.customers.customer.CustomerStore;
import io.relata.core.customers.customer.DuplicateMatches;
import io.relata.core.customers.customer.KeysetPage;
import io.relata.core.customers.customer.Normalise;
import io.relata.core.customers.customer.Writes;
import io.relata.core.customers.field.CustomValues;

/**
 * Leads in {@code core_lead}. Leads without an owner sit in the lead pool, visible like the customer pool to
 * everyone who works leads except partner users. Each public method is one transaction with its audit entries and
 * events.
 */
@Component(service = {LeadStore.class, Leads.class})
public class LeadStore implements Leads {

    static final String RECORD_TYPE = Leads.RECORD_TYPE;
    private static final int MAX_CANDIDATES = 10;

    /** The services the store works with. */
    record Services(JpaTemplate jpa, CurrentUser currentUser, AccessControl access, Users users, AuditTrail audit,
                    RecycleBin recycleBin, DomainEvents events, LeadRules rules, CustomValues values) {
    }

    private final Services services;
    private final JpaTemplate jpa;
    private final Clock clock;
    private final LeadAssignment assignment;

    @Activate
    public LeadStore(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                     @Reference CustomerStore customers, @Reference CurrentUser currentUser,
                     @Reference AccessControl access, @Reference Users users, @Reference AuditTrail audit,
                     @Reference RecycleBin recycleBin, @Reference DomainEvents events, @Reference LeadRules rules,
                     @Reference CustomFields customFields) {
        this(new Services(jpa, currentUser, access, users, audit, recycleBin, events, rules,
                new CustomValues(customFields)), Clock.systemUTC());
    }

    LeadStore(Services services, Clock clock) {
        this.services = services;
        this.jpa = services.jpa();
        this.clock = clock;
        this.assignment = new LeadAssignment(services.users());
    }

    // ---------------------------------------------------------------- reads

    /** For plugins: also empty without {@code leads:read}, as the REST API would answer. */
    @Override
    public Optional<Lead> find(String id) {
        if (!services.access().permits("leads:read")) {
            return Optional.empty();
        }
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> live(em, id, scope).map(lead -> view(em, lead)));
    }

    public Page<Lead> list(LeadQuery query, PageRequest page) {
        CustomerScope scope = scope();
        String me = services.currentUser().require().id();
        // a search runs in a transaction: on PostgreSQL its statements share settings (ListSearch)
        return jpa.txExpr(query.q() == null ? TransactionType.Supports : TransactionType.Required, em -> {
            Cursor cursor = page.cursor();
            Object afterKey = cursor == null ? null : cursorKey(query.sort(), cursor);
            LeadQuery.Where where = query.where("l", me, em, cursor == null, page.limit() + 1);
            List<LeadEntity> rows = listed(em, query, where.condition(), where, scope, afterKey, cursor, page);
            if (where.whole() != null && rows.size() <= page.limit()) {
                // the first leads found did not hold the page: all of them
                rows = listed(em, query, where.whole(), where, scope, afterKey, cursor, page);
            }
            List<Lead> items = views(em, rows.stream().limit(page.limit()).toList());
            if (rows.size() <= page.limit()) {
                return Page.last(items);
            }
            LeadEntity last = rows.get(page.limit() - 1);
            return new Page<>(items, Cursor.of(query.sort().parameter, last.sortKey(query.sort()), last.id()).encode());
        });
    }

    private List<LeadEntity> listed(EntityManager em, LeadQuery query, String condition, LeadQuery.Where where,
                                    CustomerScope scope, Object afterKey, Cursor cursor, PageRequest page) {
        ScopeClause visible = scope.jpql("l");
        CustomValues.Filter custom = services.values().filter(RECORD_TYPE, "l.id", query.customFields());
        TypedQuery<LeadEntity> select = KeysetPage.query(em, LeadEntity.class, "l",
                List.of(visible.condition(), condition, custom.condition()), query.sort().attribute,
                query.descending(), cursor, afterKey);
        visible.named().forEach(select::setParameter);
        where.parameters().forEach(select::setParameter);
        custom.parameters().forEach(select::setParameter);
        return select.setMaxResults(page.limit() + 1).getResultList();
    }

    // ---------------------------------------------------------------- writes

    /**
     * Creates a lead. Without an owner the assignment rules hand it out; when none can, it goes to the pool. Giving
     * it to someone else than yourself needs {@code leads:assign}.
     */
    public Lead create(LeadFields request, boolean allowDuplicates) {
        LeadFields valid = validatedAsNew(request);
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            Map<String, Object> custom = checkedAsNew(em, valid, me, scope, allowDuplicates, new HashSet<>());
            Instant now = now();
            LeadEntity lead = new LeadEntity(UUID.randomUUID().toString(), valid, me, now);
            em.persist(lead);
            Writes.flush(em, "lead");
            services.values().write(em, RECORD_TYPE, lead.id(), custom);
            services.audit().record(RECORD_TYPE, lead.id(), AuditAction.CREATED,
                    FieldChange.created(snapshot(lead, custom)), null);
            if (valid.ownerId() == null) {
                assignByRules(em, lead, me, now);
            }
            services.events().publish(new LeadEvent.Created(lead.id(), lead.ownerId(), lead.source(), now));
            return lead.view(custom);
        });
    }

    /**
     * Creates leads as {@link #create} does with duplicates allowed, each by the same rules (fields, owner and its
     * permission, reference data, custom values) and with the same side effects (the assignment rules hand out
     * those without an owner, audit entries, events), but written together: persisted and sent in one flush,
     * their custom values with one read of the definitions, their audit entries in one call. A flush per lead
     * would also compare every lead already written in the transaction.
     *
     * <p>A lead the assignment rules look at is the exception: the rules count their members' open leads and
     * take turns, so it is written first and given away at once, as by {@link #create}; its ASSIGNED entry
     * follows in a second audit call, after its CREATED one. When no rule is active none is asked.
     *
     * <p>For imports, which look for duplicates before (a batch query, then {@link #duplicatesOf}). Any refusal
     * fails the whole call with the problem {@link #create} would answer: the caller's transaction rolls back, and
     * an import then writes its batch again row by row through {@link #create}, which names the refused row.
     *
     * @return the new leads' ids, in the order of the fields
     */
    public List<String> createAll(List<LeadFields> requests) {
        List<LeadFields> valid = requests.stream().map(LeadStore::validatedAsNew).toList();
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            // asked before anything is persisted, so the query does not flush
            boolean rulesMayAssign = valid.stream().anyMatch(fields -> fields.ownerId() == null)
                    && em.createQuery("SELECT COUNT(r) FROM LeadRuleEntity r WHERE r.active = TRUE", Long.class)
                    .getSingleResult() > 0;
            // the same few owners come back on every row of a file: the directory is asked once about each
            Set<String> assignable = new HashSet<>();
            List<String> ids = new ArrayList<>(valid.size());
            Map<String, Map<String, Object>> customValues = new LinkedHashMap<>();
            List<NewAuditEntry> created = new ArrayList<>(valid.size());
            List<NewAuditEntry> assigned = new ArrayList<>();
            List<LeadEvent> events = new ArrayList<>(valid.size());
            for (LeadFields fields : valid) {
                Map<String, Object> custom = checkedAsNew(em, fields, me, scope, true, assignable);
                Instant now = now();
                LeadEntity lead = new LeadEntity(UUID.randomUUID().toString(), fields, me, now);
                em.persist(lead);
                ids.add(lead.id());
                customValues.put(lead.id(), custom);
                created.add(new NewAuditEntry(RECORD_TYPE, lead.id(), AuditAction.CREATED,
                        FieldChange.created(snapshot(lead, custom)), null));
                if (fields.ownerId() == null && rulesMayAssign) {
                    // the rules count the open leads written so far, this one included
                    Writes.flush(em, "lead");
                    assignedByRules(em, lead, me).ifPresent(handover -> {
                        assigned.add(handover.entry());
                        events.add(handover.event());
                    });
                }
                events.add(new LeadEvent.Created(lead.id(), lead.ownerId(), lead.source(), now));
            }
            services.values().writeNew(em, RECORD_TYPE, customValues);
            Writes.flush(em, "lead");
            services.audit().recordAll(created);
            if (!assigned.isEmpty()) {
                services.audit().recordAll(assigned);
            }
            events.forEach(services.events()::publish);
            return ids;
        });
    }

    /** The validated fields of a new lead: only a conversion makes a lead CONVERTED. */
    private static LeadFields validatedAsNew(LeadFields request) {
        LeadFields valid = request.validated();
        if (valid.status() == LeadStatus.CONVERTED) {
            throw Problem.validation("status", "a lead becomes CONVERTED only by converting it").toException();
        }
        return valid;
    }

    /**
     * The checks every new lead passes: giving it to someone else needs {@code leads:assign} and an active user,
     * the reference data must be known, without {@code allowDuplicates} it must not look like an open lead, and
     * its custom values must be valid.
     *
     * @param valid      the validated fields
     * @param assignable owners already found active in this transaction; the ones found here are added
     * @return the custom values as they are stored
     */
    private Map<String, Object> checkedAsNew(EntityManager em, LeadFields valid, String me, CustomerScope scope,
                                             boolean allowDuplicates, Set<String> assignable) {
        if (valid.ownerId() != null && !valid.ownerId().equals(me)) {
            services.access().require("leads:assign");
            if (!assignable.contains(valid.ownerId())) {
                requireActiveUser(valid.ownerId());
                assignable.add(valid.ownerId());
            }
        }
        services.rules().check(valid, null);
        if (!allowDuplicates) {
            refuseDuplicates(em, null, valid, scope);
        }
        return services.values().validate(RECORD_TYPE, Map.of(), valid.customFields());
    }

    public Lead change(String id, String ifMatch, UnaryOperator<LeadFields> edit, boolean allowDuplicates) {
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            LeadEntity lead = live(em, id, scope).orElseThrow(() -> notFound(id));
            new EntityVersion(lead.version()).requireMatch(ifMatch);
            if (lead.status() == LeadStatus.CONVERTED) {
                throw Problem.of(409, "converted", "Lead converted", "a converted lead cannot change; work on the"
                        + " customer it became").toException();
            }
            Map<String, Object> stored = services.values().load(em, RECORD_TYPE, id);
            LeadFields before = lead.fields().withCustomFields(stored);
            LeadFields valid = edit.apply(before).validated();
            if (valid.status() == LeadStatus.CONVERTED) {
                throw Problem.validation("status", "convert the lead with POST /leads/{id}/convert").toException();
            }
            if (!Objects.equals(valid.ownerId(), before.ownerId())) {
                services.access().require("leads:assign");
                if (valid.ownerId() != null) {
                    requireActiveUser(valid.ownerId());
                }
            }
            services.rules().check(valid, before);
            if (!allowDuplicates && identityChanged(before, valid)) {
                refuseDuplicates(em, id, valid, scope);
            }
            Map<String, Object> custom = services.values().validate(RECORD_TYPE, stored, valid.customFields());
            Map<String, Object> snapshot = snapshot(lead, stored);
            Instant now = now();
            lead.apply(valid, me, now);
            List<FieldChange> changes = FieldChange.between(snapshot, snapshot(lead, custom));
            if (changes.isEmpty()) {
                em.detach(lead);
                return live(em, id, scope).map(unchanged -> unchanged.view(stored)).orElseThrow(() -> notFound(id));
            }
            Writes.flush(em, "lead");
            if (!custom.equals(stored)) {
                services.values().write(em, RECORD_TYPE, id, custom);
            }
            services.audit().record(RECORD_TYPE, id, AuditAction.UPDATED, changes, null);
            Set<String> fields = new TreeSet<>();
            changes.forEach(change -> fields.add(change.field().contains(".") ? "address" : change.field()));
            services.events().publish(new LeadEvent.Updated(id, fields, now));
            return lead.view(custom);
        });
    }

    void delete(String id, String ifMatch) {
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        jpa.tx(TransactionType.Required, em -> {
            LeadEntity lead = live(em, id, scope).orElseThrow(() -> notFound(id));
            if (ifMatch != null) {
                new EntityVersion(lead.version()).requireMatch(ifMatch);
            }
            Instant now = now();
            lead.delete(me, now);
            Writes.flush(em, "lead");
            services.recycleBin().add(CustomerStore.MODULE, RECORD_TYPE, id, lead.label());
            services.audit().record(RECORD_TYPE, id, AuditAction.DELETED, List.of(), null);
            services.events().publish(new LeadEvent.Deleted(id, now));
        });
    }

    void restore(String id) {
        String me = services.currentUser().require().id();
        jpa.tx(TransactionType.Required, em -> {
            LeadEntity lead = em.find(LeadEntity.class, id);
            if (lead == null || !lead.deleted()) {
                throw Problem.notFound("no deleted lead with id " + id).toException();
            }
            Instant now = now();
            lead.restore(me, now);
            Writes.flush(em, "lead");
            services.audit().record(RECORD_TYPE, id, AuditAction.RESTORED, List.of(), null);
            services.events().publish(new LeadEvent.Restored(id, now));
        });
    }

    void purge(String id) {
        jpa.tx(TransactionType.Required, em -> {
            LeadEntity lead = em.find(LeadEntity.class, id);
            if (lead != null && lead.deleted()) {
                services.values().purge(em, RECORD_TYPE, id);
                em.remove(lead);
                em.flush();
            }
        });
    }

    // ---------------------------------------------------------------- the lead pool and assignment

    /** Takes an open lead from the pool for the caller. */
    Lead claim(String id) {
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            LeadEntity lead = live(em, id, scope).orElseThrow(() -> notFound(id));
            if (lead.ownerId() != null) {
                throw Problem.of(409, "not-in-pool", "Not in the pool", me.equals(lead.ownerId())
                        ? "you already own this lead" : "someone else owns this lead").toException();
            }
            requireOpen(lead);
            Instant now = now();
            lead.changeOwner(me, me, now);
            Writes.flush(em, "lead");
            services.audit().record(RECORD_TYPE, id, AuditAction.CLAIMED, List.of(new FieldChange("ownerId", null, me)),
                    null);
            services.events().publish(new LeadEvent.Claimed(id, me, now));
            return view(em, lead);
        });
    }

    /** Returns a lead to the pool: its owner may, and whoever may assign leads. */
    Lead release(String id, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            throw Problem.validation("reason", why.isEmpty() ? "is required" : "must be at most 500 characters")
                    .toException();
        }
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            LeadEntity lead = live(em, id, scope).orElseThrow(() -> notFound(id));
            String owner = lead.ownerId();
            if (owner == null) {
                throw Problem.of(409, "in-pool", "Already in the pool", "the lead is already in the pool").toException();
            }
            if (!owner.equals(me)) {
                services.access().require("leads:assign");
            }
            requireOpen(lead);
            Instant now = now();
            lead.changeOwner(null, me, now);
            Writes.flush(em, "lead");
            services.audit().record(RECORD_TYPE, id, AuditAction.RELEASED, List.of(new FieldChange("ownerId", owner,
                    null)), why);
            services.events().publish(new LeadEvent.Released(id, owner, why, now));
            return view(em, lead);
        });
    }

    /** Gives a lead to a user by hand ({@code leads:assign}); rule caps do not apply to a person's decision. */
    Lead assign(String id, String ownerId) {
        services.access().require("leads:assign");
        if (ownerId == null || ownerId.isBlank()) {
            throw Problem.validation("ownerId", "is required").toException();
        }
        requireActiveUser(ownerId);
        String me = services.currentUser().require().id();
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Required, em -> {
            LeadEntity lead = live(em, id, scope).orElseThrow(() -> notFound(id));
            requireOpen(lead);
            if (!ownerId.equals(lead.ownerId())) {
                giveTo(em, lead, ownerId, "MANUAL", AuditAction.ASSIGNED, null, me);
            }
            return view(em, lead);
        });
    }

    /**
     * Runs the assignment rules over the open leads in the pool, oldest first, each in its own transaction.
     *
     * @param dryRun only work out who would get what
     * @return what happened to each lead the rules looked at
     */
    List<LeadAssignment.Outcome> assignPool(boolean dryRun, int max) {
        services.access().require("leads:assign");
        String me = services.currentUser().require().id();
        List<String> pool = jpa.txExpr(TransactionType.Supports, em -> em.createQuery("SELECT l.id FROM LeadEntity l"
                + " WHERE l.deletedAt IS NULL AND l.ownerId IS NULL AND l.status IN :open ORDER BY l.createdAt, l.id",
                String.class).setParameter("open", List.of(LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED))
                .setMaxResults(max).getResultList());
        List<LeadAssignment.Outcome> outcomes = new ArrayList<>();
        for (String id : pool) {
            outcomes.add(jpa.txExpr(TransactionType.Required, em -> {
                LeadEntity lead = em.find(LeadEntity.class, id);
                if (lead == null || lead.deleted() || lead.ownerId() != null || !lead.status().open()) {
                    return new LeadAssignment.Outcome(id, null, null, null, "taken meanwhile");
                }
                Optional<LeadAssignment.Choice> choice = assignment.choose(em, lead);
                if (choice.isEmpty()) {
                    return new LeadAssignment.Outcome(id, lead.label(), null, null, "no rule could assign it");
                }
                if (!dryRun) {
                    choice.get().rule().assignedTo(choice.get().userId());
                    giveTo(em, lead, choice.get().userId(), "RULE", AuditAction.ASSIGNED,
                            "assignment rule '" + choice.get().rule().name() + "'", me);
                }
                return new LeadAssignment.Outcome(id, lead.label(), choice.get().userId(), choice.get().rule().name(),
                        dryRun ? "would be assigned" : "assigned");
            }));
        }
        return outcomes;
    }

    private void assignByRules(EntityManager em, LeadEntity lead, String me, Instant now) {
        assignedByRules(em, lead, me).ifPresent(this::tell);
    }

    /** Gives the lead to whom the assignment rules choose, if any; the caller records and publishes it. */
    private Optional<Handover> assignedByRules(EntityManager em, LeadEntity lead, String me) {
        return assignment.choose(em, lead).map(choice -> {
            choice.rule().assignedTo(choice.userId());
            return handedOver(em, lead, choice.userId(), "RULE", AuditAction.ASSIGNED,
                    "assignment rule '" + choice.rule().name() + "'", me);
        });
    }

    private void giveTo(EntityManager em, LeadEntity lead, String owner, String how, String action, String reason,
                        String me) {
        tell(handedOver(em, lead, owner, how, action, reason, me));
    }

    /** A lead changing hands: its audit entry and its event, for the caller to record and publish. */
    private record Handover(NewAuditEntry entry, LeadEvent.Assigned event) {
    }

    private Handover handedOver(EntityManager em, LeadEntity lead, String owner, String how, String action,
                                String reason, String me) {
        String previous = lead.ownerId();
        Instant now = now();
        lead.changeOwner(owner, me, now);
        Writes.flush(em, "lead");
        return new Handover(new NewAuditEntry(RECORD_TYPE, lead.id(), action,
                List.of(new FieldChange("ownerId", previous, owner)), reason),
                new LeadEvent.Assigned(lead.id(), previous, owner, how, now));
    }

    private void tell(Handover handover) {
        NewAuditEntry entry = handover.entry();
        services.audit().record(entry.recordType(), entry.recordId(), entry.action(), entry.changes(),
                entry.reason());
        services.events().publish(handover.event());
    }

    // ---------------------------------------------------------------- assignment rules

    List<LeadRule> rules() {
        return jpa.txExpr(TransactionType.Supports, em -> em.createQuery("SELECT r FROM LeadRuleEntity r"
                + " ORDER BY r.position, r.name, r.id", LeadRuleEntity.class).getResultList().stream()
                .map(LeadRuleEntity::view).toList());
    }

    Optional<LeadRule> rule(String id) {
        return jpa.txExpr(TransactionType.Supports, em -> Optional.ofNullable(id == null || id.length() > 36 ? null
                : em.find(LeadRuleEntity.class, id)).map(LeadRuleEntity::view));
    }

    LeadRule createRule(LeadRule request) {
        services.access().require("leads:assign");
        LeadRule valid = request.validated();
        requireRuleMembers(valid);
        return jpa.txExpr(TransactionType.Required, em -> {
            LeadRuleEntity rule = new LeadRuleEntity(UUID.randomUUID().toString(), valid);
            em.persist(rule);
            Writes.flush(em, "assignment rule");
            return rule.view();
        });
    }

    LeadRule changeRule(String id, String ifMatch, UnaryOperator<LeadRule> edit) {
        services.access().require("leads:assign");
        return jpa.txExpr(TransactionType.Required, em -> {
            LeadRuleEntity rule = id == null || id.length() > 36 ? null : em.find(LeadRuleEntity.class, id);
            if (rule == null) {
                throw Problem.notFound("no assignment rule with id " + id).toException();
            }
            new EntityVersion(rule.version()).requireMatch(ifMatch);
            LeadRule valid = edit.apply(rule.view()).validated();
            requireRuleMembers(valid);
            rule.apply(valid);
            Writes.flush(em, "assignment rule");
            return rule.view();
        });
    }

    void deleteRule(String id) {
        services.access().require("leads:assign");
        jpa.tx(TransactionType.Required, em -> {
            LeadRuleEntity rule = id == null || id.length() > 36 ? null : em.find(LeadRuleEntity.class, id);
            if (rule == null) {
                throw Problem.notFound("no assignment rule with id " + id).toException();
            }
            em.remove(rule);
        });
    }

    private void requireRuleMembers(LeadRule rule) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < rule.userIds().size(); i++) {
            if (services.users().byId(rule.userIds().get(i)).isEmpty()) {
                errors.add(new FieldError("userIds[" + i + "]", "is not a user"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
    }

    // ---------------------------------------------------------------- for conversion, visibility, the recycle bin

    /** Whether the caller may see the lead, deleted or not. */
    boolean visible(String id) {
        if (!services.access().permits("leads:read")) {
            return false;
        }
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            LeadEntity lead = id == null || id.length() > 36 ? null : em.find(LeadEntity.class, id);
            return lead != null && scope.allows(lead.ownerId());
        });
    }

    /** A live lead the caller can see, for the conversion that runs in the caller's transaction. */
    LeadEntity liveForConversion(EntityManager em, String id) {
        return live(em, id, scope()).orElseThrow(() -> notFound(id));
    }

    CustomerScope scope() {
        return new CustomerScope(services.access().scope(RECORD_TYPE));
    }

    Services services() {
        return services;
    }

    // ---------------------------------------------------------------- views

    Lead view(EntityManager em, LeadEntity lead) {
        return lead.view(services.values().load(em, RECORD_TYPE, lead.id()));
    }

    private List<Lead> views(EntityManager em, List<LeadEntity> leads) {
        Map<String, Map<String, Object>> values = services.values().load(em, RECORD_TYPE,
                leads.stream().map(LeadEntity::id).toList());
        return leads.stream().map(lead -> lead.view(values.getOrDefault(lead.id(), Map.of()))).toList();
    }

    Map<String, Object> snapshot(LeadEntity lead, Map<String, Object> custom) {
        Map<String, Object> snapshot = lead.snapshot();
        snapshot.putAll(services.values().snapshot(custom));
        return snapshot;
    }

    // ---------------------------------------------------------------- rules

    private void requireActiveUser(String userId) {
        Optional<UserSummary> user = services.users().byId(userId);
        if (user.isEmpty() || !user.get().active()) {
            throw Problem.validation("ownerId", "is not an active user").toException();
        }
    }

    private static void requireOpen(LeadEntity lead) {
        if (!lead.status().open()) {
            throw Problem.of(409, lead.status() == LeadStatus.CONVERTED ? "converted" : "conflict",
                    lead.status() == LeadStatus.CONVERTED ? "Lead converted" : "Conflict",
                    "the lead is " + lead.status() + "; only open leads move between owners").toException();
        }
    }

    private static boolean identityChanged(LeadFields before, LeadFields after) {
        return !Objects.equals(Normalise.personName(before.firstName(), before.lastName()),
                Normalise.personName(after.firstName(), after.lastName()))
                || !Objects.equals(Normalise.name(before.company()), Normalise.name(after.company()))
                || !Objects.equals(before.email(), after.email())
                || !Objects.equals(Normalise.phone(before.phone()), Normalise.phone(after.phone()));
    }

    /**
     * Refuses a lead with the e-mail address or phone number of another open or qualified lead, or the same person
     * at the same company. Converted and disqualified leads are history, not duplicates.
     */
    private void refuseDuplicates(EntityManager em, String id, LeadFields fields, CustomerScope scope) {
        List<LeadEntity> candidates = duplicateCandidates(em, id, fields);
        if (candidates.isEmpty()) {
            return;
        }
        List<Map<String, Object>> visible = new ArrayList<>();
        for (LeadEntity candidate : candidates) {
            if (scope.allows(candidate.ownerId())) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("id", candidate.id());
                summary.put("name", candidate.label());
                summary.put("email", candidate.fields().email());
                summary.put("phone", candidate.fields().phone());
                summary.put("ownerId", candidate.ownerId());
                visible.add(summary);
            }
        }
        throw Problem.of(409, "duplicate", "Possible duplicate", "an open lead with the same e-mail, phone, or name"
                        + " and company exists; send allowDuplicate=true to create it anyway")
                .with("candidates", visible)
                .with("hiddenCandidates", candidates.size() - visible.size())
                .toException();
    }

    /** Open leads the fields would duplicate, oldest first. */
    private List<LeadEntity> duplicateCandidates(EntityManager em, String id, LeadFields fields) {
        List<String> matches = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (fields.email() != null) {
            matches.add("l.email = :email");
            parameters.put("email", fields.email());
        }
        String phoneKey = Normalise.phone(fields.phone());
        if (phoneKey != null) {
            matches.add("l.phoneKey = :phone");
            parameters.put("phone", phoneKey);
        }
        if (fields.firstName() != null || fields.lastName() != null) {
            String company = Normalise.name(fields.company());
            // the same person entered with first and last name swapped, as happens with Chinese names
            matches.add("((l.nameKey = :name OR l.nameKey = :swappedName) AND "
                    + (company == null ? "l.companyKey IS NULL" : "l.companyKey = :company") + ")");
            parameters.put("name", Normalise.personName(fields.firstName(), fields.lastName()));
            parameters.put("swappedName", Normalise.personName(fields.lastName(), fields.firstName()));
            if (company != null) {
                parameters.put("company", company);
            }
        }
        if (matches.isEmpty()) {
            return List.of();
        }
        String notSelf = id == null ? "" : " AND l.id <> :self";
        if (id != null) {
            parameters.put("self", id);
        }
        TypedQuery<LeadEntity> select = em.createQuery("SELECT l FROM LeadEntity l WHERE l.deletedAt IS NULL"
                + " AND l.status IN :open" + notSelf + " AND (" + String.join(" OR ", matches) + ")"
                + " ORDER BY l.createdAt, l.id", LeadEntity.class);
        select.setParameter("open", List.of(LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED));
        parameters.forEach(select::setParameter);
        return select.setMaxResults(MAX_CANDIDATES).getResultList();
    }

    /**
     * The open leads a new one with these (validated) fields would duplicate, as {@link #create} refuses them
     * without {@code allowDuplicates}. Joins the caller's transaction, so an import sees its own batch's leads.
     */
    public DuplicateMatches duplicatesOf(LeadFields fields) {
        CustomerScope scope = scope();
        return jpa.txExpr(TransactionType.Supports, em -> {
            List<LeadEntity> candidates = duplicateCandidates(em, null, fields);
            List<String> visible = candidates.stream().filter(lead -> scope.allows(lead.ownerId()))
                    .map(LeadEntity::id).toList();
            return new DuplicateMatches(visible, candidates.size() - visible.size());
        });
    }

    private static Optional<LeadEntity> live(EntityManager em, String id, CustomerScope scope) {
        LeadEntity lead = id == null || id.length() > 36 ? null : em.find(LeadEntity.class, id);
        return lead == null || lead.deleted() || !scope.allows(lead.ownerId()) ? Optional.empty() : Optional.of(lead);
    }

    private static Object cursorKey(LeadQuery.Sort sort, Cursor cursor) {
        try {
            if (cursor.keys().size() != 3 || !cursor.key(0).equals(sort.parameter)) {
                throw new IllegalArgumentException("not a cursor of this order");
            }
            return sort == LeadQuery.Sort.NAME ? cursor.key(1) : Instant.parse(cursor.key(1)).atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw Problem.validation(List.of(new FieldError("cursor", "is not a cursor of this list and order")))
                    .toException();
        }
    }

    static RuntimeException notFound(String id) {
        return Problem.notFound("no lead with id " + id).toException();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
