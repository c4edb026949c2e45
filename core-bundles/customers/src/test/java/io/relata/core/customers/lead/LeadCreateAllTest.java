package io.relata.core.customers.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.audit.AuditAction;
import io.relata.api.customer.Address;
import io.relata.api.customer.Lead;
import io.relata.api.customer.LeadEvent;
import io.relata.api.customer.LeadStatus;
import io.relata.api.customfield.FieldType;
import io.relata.api.event.DomainEvent;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.Recorded;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/** {@link LeadStore#createAll}: what {@link LeadStore#create} does for each, written together. */
class LeadCreateAllTest {

    static Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    /** A lead store whose reference data knows three lead sources. */
    private static LeadStore leads(CustomerFixture db) {
        return new LeadStore(new LeadStore.Services(db.jpa, db.currentUser, db.access, db.directory, db.auditTrail,
                db.recycleBin, db.domainEvents, (fields, before) -> {
                    if (fields.source() != null && !Set.of("web", "trade-show", "referral").contains(fields.source())) {
                        throw Problem.validation("source", "is not an active value").toException();
                    }
                }, db.values), Clock.systemUTC());
    }

    /** A lead with every kind of field, its custom values as the import's {@code prepare} validates them. */
    private static LeadFields everything(CustomerFixture db, String ownerId) {
        Map<String, Object> custom = db.customFields.validate("lead", Map.of("budget", "gold",
                "products", List.of("crm", "erp"), "seats", "25"), null);
        return new LeadFields(" Wei ", "Li", "Acme  Trading", "CTO", "Li@Acme.example", "+86 138 0000 1111",
                "https://acme.example.com", new Address("1 Nanjing Road", "上海", "Shanghai", "200001", "cn"),
                "trade-show", null, LeadStatus.WORKING, null, "met at the Canton fair", ownerId, custom);
    }

    private static LeadFields lead(String lastName, String source, String ownerId) {
        return new LeadFields(null, lastName, null, null, null, null, null, null, source, null, null, null, null,
                ownerId, null);
    }

    private static void define(CustomerFixture db) {
        db.customFields.define("lead", "budget", FieldType.PICKLIST, false, "gold", "silver");
        db.customFields.define("lead", "products", FieldType.MULTI_PICKLIST, false, "crm", "erp");
        db.customFields.define("lead", "seats", FieldType.INTEGER, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachLeadIsWhatACreateByHandMakesButTheAuditTrailIsCalledOnce(CustomerFixture db) {
        define(db);
        LeadStore leads = leads(db);
        TestUser ada = db.admin("ada");
        db.user("bo", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of("bo")));
        Lead byHand = db.as(ada, () -> leads.create(everything(db, "bo"), true));
        db.auditCalls.clear();

        List<String> ids = db.as(ada, () -> leads.createAll(List.of(everything(db, "bo"),
                lead("Second", null, null))));

        assertThat(ids).hasSize(2).doesNotContain(byHand.id());
        Lead together = db.as(ada, () -> leads.find(ids.get(0))).orElseThrow();
        assertThat(together).usingRecursiveComparison().ignoringFields("id", "createdAt", "updatedAt")
                .isEqualTo(byHand);
        assertThat(together.ownerId()).isEqualTo("bo");
        assertThat(together.customFields()).containsEntry("budget", "gold").containsEntry("seats", 25L)
                .containsEntry("products", List.of("crm", "erp"));
        assertThat(db.as(ada, () -> leads.find(ids.get(1))).orElseThrow().ownerId())
                .as("no owner and no rule: the pool").isNull();

        assertThat(db.auditOf(ids.get(0))).singleElement().satisfies(entry -> {
            Recorded original = db.auditOf(byHand.id()).get(0);
            assertThat(entry).usingRecursiveComparison().ignoringFields("recordId").isEqualTo(original);
        });
        assertThat(db.auditOf(ids.get(1))).singleElement()
                .satisfies(entry -> assertThat(entry.actorId()).isEqualTo("ada"));
        assertThat(db.auditCalls).as("one call for both leads").containsExactly(2);

        List<LeadEvent.Created> created = db.events(LeadEvent.Created.class);
        assertThat(created).extracting(LeadEvent.Created::leadId).containsExactly(byHand.id(), ids.get(0), ids.get(1));
        assertThat(created.get(1)).usingRecursiveComparison().ignoringFields("leadId", "occurredAt")
                .isEqualTo(created.get(0));
        assertThat(created.get(1).occurredAt()).isEqualTo(together.createdAt());
        LeadFields sameKeys = new LeadFields("li", "WEI", "ACME trading", null, "li@acme.example", "138-0000-1111",
                null, null, null, null, null, null, null, null, null).validated();
        assertThat(db.as(ada, () -> leads.duplicatesOf(sameKeys)).visibleIds())
                .as("found by the search keys, as a lead made by hand is")
                .containsExactlyInAnyOrder(byHand.id(), ids.get(0));
    }

    /**
     * Leads without an owner go through the assignment rules in their order, taking turns after the leads created
     * by hand: each assigned lead gets the owner, version, entries (CREATED, then ASSIGNED in a later call) and
     * events (Assigned, then Created) a create gives it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theAssignmentRulesHandOutTheLeadsInTurnAsForCreatesByHand(CustomerFixture db) {
        LeadStore leads = leads(db);
        TestUser boss = db.user("boss", Set.of("leads:*"), DataScope.all());
        db.user("ann", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of("ann")));
        db.user("ben", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of("ben")));
        LeadFixture.rule(db, leads, boss, "web", "ann", "ben");
        List<Lead> byHand = Stream.of(lead("One", "web", null), lead("Two", "web", null))
                .map(fields -> db.as(boss, () -> leads.create(fields, true))).toList();
        db.auditCalls.clear();
        int eventsBefore = db.events(DomainEvent.class).size();

        List<String> ids = db.as(boss, () -> leads.createAll(List.of(lead("One", "web", null),
                lead("Two", "web", null), lead("Three", "referral", null), lead("Four", "web", "ben"),
                lead("Five", "web", null))));

        assertThat(byHand).extracting(Lead::ownerId).containsExactly("ann", "ben");
        List<Lead> together = ids.stream().map(id -> db.as(boss, () -> leads.find(id)).orElseThrow()).toList();
        assertThat(together).extracting(Lead::ownerId).containsExactly("ann", "ben", null, "ben", "ann");
        for (int i = 0; i < 2; i++) {
            String handId = byHand.get(i).id();
            assertThat(together.get(i)).usingRecursiveComparison().ignoringFields("id", "createdAt", "updatedAt")
                    .isEqualTo(db.as(boss, () -> leads.find(handId)).orElseThrow());
            assertThat(db.auditOf(ids.get(i))).usingRecursiveFieldByFieldElementComparatorIgnoringFields("recordId")
                    .containsExactlyElementsOf(db.auditOf(byHand.get(i).id()));
        }
        assertThat(db.auditOf(ids.get(4))).extracting(Recorded::action)
                .containsExactly(AuditAction.CREATED, AuditAction.ASSIGNED);
        assertThat(db.auditCalls).as("the CREATED entries, then the ASSIGNED ones").containsExactly(5, 3);

        List<DomainEvent> events = db.events(DomainEvent.class);
        assertThat(events.subList(eventsBefore, events.size())).extracting(DomainEvent::getClass)
                .containsExactly(LeadEvent.Assigned.class, LeadEvent.Created.class, LeadEvent.Assigned.class,
                        LeadEvent.Created.class, LeadEvent.Created.class, LeadEvent.Created.class,
                        LeadEvent.Assigned.class, LeadEvent.Created.class);
        List<LeadEvent.Created> created = db.events(LeadEvent.Created.class);
        assertThat(created.subList(2, 7)).extracting(LeadEvent.Created::leadId, LeadEvent.Created::ownerId)
                .containsExactly(org.assertj.core.api.Assertions.tuple(ids.get(0), "ann"),
                        org.assertj.core.api.Assertions.tuple(ids.get(1), "ben"),
                        org.assertj.core.api.Assertions.tuple(ids.get(2), null),
                        org.assertj.core.api.Assertions.tuple(ids.get(3), "ben"),
                        org.assertj.core.api.Assertions.tuple(ids.get(4), "ann"));
        assertThat(db.events(LeadEvent.Assigned.class).get(2)).usingRecursiveComparison()
                .ignoringFields("leadId", "occurredAt").isEqualTo(db.events(LeadEvent.Assigned.class).get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void oneRefusedLeadWritesNoneOfThem(CustomerFixture db) {
        define(db);
        LeadStore leads = leads(db);
        TestUser boss = db.user("boss", Set.of("leads:*"), DataScope.all());
        TestUser rep = db.user("rep", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN,
                Set.of("rep")));
        db.user("ann", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of("ann")));
        db.user("ben", Set.of("leads:read", "leads:write"), new DataScope(ScopeKind.OWN, Set.of("ben")));
        db.user("gone", Set.of("leads:read"), DataScope.all());
        db.disable("gone");
        LeadFixture.rule(db, leads, boss, "web", "ann", "ben");
        LeadFields badValue = new LeadFields(null, "Bad Value", null, null, null, null, null, null, null, null, null, null, null,
                null, Map.of("budget", "platinum"));
        LeadFields converted = new LeadFields(null, "Converted", null, null, null, null, null, null, null, null,
                LeadStatus.CONVERTED, null, null, null, null);

        ProblemException inactive = catchThrowableOfType(ProblemException.class, () -> db.as(boss,
                () -> leads.createAll(List.of(lead("First", "web", null), lead("Gone", null, "gone")))));
        ProblemException forbidden = catchThrowableOfType(ProblemException.class, () -> db.as(rep,
                () -> leads.createAll(List.of(lead("Mine", "web", "rep"), lead("Yours", null, "ann")))));
        ProblemException source = catchThrowableOfType(ProblemException.class, () -> db.as(boss,
                () -> leads.createAll(List.of(lead("First", "web", null), lead("Billboard", "billboard", null)))));
        ProblemException value = catchThrowableOfType(ProblemException.class, () -> db.as(boss,
                () -> leads.createAll(List.of(lead("First", "web", null), badValue))));
        ProblemException status = catchThrowableOfType(ProblemException.class, () -> db.as(boss,
                () -> leads.createAll(List.of(lead("First", "web", null), converted))));

        assertThat(inactive.problem().errors()).extracting(FieldError::field).containsExactly("ownerId");
        assertThat(forbidden.problem().status()).isEqualTo(403);
        assertThat(source.problem().errors()).extracting(FieldError::field).containsExactly("source");
        assertThat(value.problem().errors()).isEqualTo(catchThrowableOfType(ProblemException.class,
                () -> db.as(boss, () -> leads.create(badValue, true))).problem().errors()).isNotEmpty();
        assertThat(status.problem().errors()).extracting(FieldError::field).containsExactly("status");
        assertThat(db.audit).isEmpty();
        assertThat(db.events(LeadEvent.Created.class)).isEmpty();
        assertThat(db.events(LeadEvent.Assigned.class)).isEmpty();
        assertThat(db.as(boss, () -> leads.create(lead("After", "web", null), true)).ownerId())
                .as("the rule's turn went back with the failed calls").isEqualTo("ann");
        assertThat(db.as(boss, () -> leads.list(LeadQuery.parse(Map.of()), CustomerFixture.page(10))).items())
                .extracting(Lead::lastName).containsExactly("After");
    }
}
