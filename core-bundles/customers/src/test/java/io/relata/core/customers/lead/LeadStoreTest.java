package io.relata.core.customers.lead;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Address;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.Lead;
import io.relata.api.customer.LeadConversion;
import io.relata.api.customer.LeadConversionParticipant;
import io.relata.api.customer.LeadEvent;
import io.relata.api.customer.LeadStatus;
import io.relata.api.customer.RecordLink;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.contact.ContactFields;
import io.relata.core.customers.contact.ContactFixture;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.customer.CustomerQuery;

class LeadStoreTest {

    static Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    /** The lead store, its converter and the contact store, on one fixture. */
    private record Stores(LeadStore leads, LeadConverter converter, ContactStore contacts) {
    }

    private static Stores stores(CustomerFixture db) {
        LeadStore leads = new LeadStore(new LeadStore.Services(db.jpa, db.currentUser, db.access, db.directory,
                db.auditTrail, db.recycleBin, db.domainEvents, (fields, before) -> {
                    if (fields.source() != null && !Set.of("web", "trade-show", "referral").contains(fields.source())) {
                        throw Problem.validation("source", "is not an active value").toException();
                    }
                }, db.values), Clock.systemUTC());
        ContactStore contacts = ContactFixture.contacts(db);
        return new Stores(leads, new LeadConverter(leads, db.store, contacts), contacts);
    }

    private static TestUser rep(CustomerFixture db, String id) {
        return db.user(id, Set.of("leads:read", "leads:write", "leads:convert", "customers:read", "customers:write",
                "contacts:read", "contacts:write"), new DataScope(ScopeKind.OWN, Set.of(id)));
    }

    private static TestUser manager(CustomerFixture db, String id) {
        return db.user(id, Set.of("leads:*", "customers:*", "contacts:*"), DataScope.all());
    }

    private static LeadFields lead(String first, String last, String company, String email, String source,
                                   String region) {
        return new LeadFields(first, last, company, null, email, null, null,
                new Address(null, null, region, null, null), source, null, null, null, null, null, null);
    }

    private static LeadFields lead(String first, String last, String company) {
        return lead(first, last, company, null, null, null);
    }

    // ---- create, validate, change -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void leadsAreValidatedAndTheirStatusMovesOnlyForward(CustomerFixture db) {
        Stores s = stores(db);
        TestUser ada = rep(db, "ada");
        assertThatThrownBy(() -> db.as(ada, () -> s.leads().create(new LeadFields(null, " ", null, "x".repeat(101),
                "nope", "abc", null, new Address(null, null, null, null, "ZZ"), "Bad Key", "not an id!", null, null,
                null, null, null), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactlyInAnyOrder("lastName", "title", "email", "phone",
                        "address.country", "source", "campaignId"));
        assertThatThrownBy(() -> db.as(ada, () -> s.leads().create(lead("A", "B", null, null, "billboard", null),
                false))).satisfies(e -> assertThat(fields(e)).containsExactly("source"));

        Lead created = db.as(ada, () -> s.leads().create(new LeadFields("Wei", "Li", "Acme", "CTO", "Li@Acme.example",
                "+86 138 0000 1111", null, null, "trade-show", null, null, null, "met at the Canton fair", "ada", null),
                false));
        assertThat(created.status()).isEqualTo(LeadStatus.NEW);
        assertThat(created.email()).isEqualTo("li@acme.example");
        assertThat(created.ownerId()).isEqualTo("ada");

        assertThatThrownBy(() -> db.as(ada, () -> s.leads().change(created.id(), "\"1\"",
                current -> current.withStatus(LeadStatus.DISQUALIFIED), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("disqualifiedReason"));
        assertThatThrownBy(() -> db.as(ada, () -> s.leads().change(created.id(), "\"1\"",
                current -> current.withStatus(LeadStatus.CONVERTED), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("status"));
        Lead working = db.as(ada, () -> s.leads().change(created.id(), "\"1\"",
                current -> current.withStatus(LeadStatus.WORKING), false));
        assertThat(working.status()).isEqualTo(LeadStatus.WORKING);
        assertThat(db.auditOf(created.id())).last().satisfies(entry ->
                assertThat(entry.changes()).containsExactly(new FieldChange("status", "NEW", "WORKING")));
        assertThatThrownBy(() -> db.as(ada, () -> s.leads().change(created.id(), "\"1\"",
                current -> current.withStatus(LeadStatus.QUALIFIED), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(412));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void duplicateLeadsAreRefusedUnlessAllowed(CustomerFixture db) {
        Stores s = stores(db);
        TestUser ada = rep(db, "ada");
        db.as(ada, () -> s.leads().create(new LeadFields("Wei", "Li", "Acme", null, "li@acme.example", "138 0000 1111",
                null, null, null, null, null, null, null, "ada", null), false));
        assertThatThrownBy(() -> db.as(ada, () -> s.leads().create(lead("X", "Y", null, "LI@acme.example", null, null),
                false))).satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThatThrownBy(() -> db.as(ada, () -> s.leads().create(lead("li", "WEI", "ACME"), false)))
                .as("the same person at the same company, either name order")
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThat(db.as(ada, () -> s.leads().create(lead("Wei", "Li", "Globex"), false))).isNotNull();
        assertThat(db.as(ada, () -> s.leads().create(lead("Wei", "Li", "Acme"), true))).isNotNull();
    }

    // ---- pool and assignment -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rulesHandLeadsOutInTurnWithinCapsAndTheRestWaitsInThePool(CustomerFixture db) {
        Stores s = stores(db);
        TestUser boss = manager(db, "boss");
        rep(db, "ann");
        rep(db, "ben");
        rep(db, "cat");
        rep(db, "gone");
        db.disable("gone");
        db.teams.put("east", List.of("gone", "cat", "ann"));
        db.as(boss, () -> s.leads().createRule(new LeadRule(null, "trade shows", 1, true, "trade-show", null, null,
                List.of("ann", "ben"), 2, 0L)));
        db.as(boss, () -> s.leads().createRule(new LeadRule(null, "east region", 2, true, null, "Shanghai", "east",
                null, 0, 0L)));

        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            owners.add(db.as(boss, () -> s.leads().create(lead("Show", "Visitor " + n, null, null, "trade-show", null),
                    false)).ownerId());
        }
        assertThat(owners).as("turns, then caps of 2, then the pool").containsExactly("ann", "ben", "ann", "ben", null);

        Lead east1 = db.as(boss, () -> s.leads().create(lead("A", "East", null, null, "web", " shanghai "), false));
        Lead east2 = db.as(boss, () -> s.leads().create(lead("B", "East", null, null, "web", "Shanghai"), false));
        Lead east3 = db.as(boss, () -> s.leads().create(lead("C", "East", null, null, "web", "Shanghai"), false));
        assertThat(List.of(east1.ownerId(), east2.ownerId(), east3.ownerId()))
                .as("team members by username, inactive ones skipped").containsExactly("ann", "cat", "ann");
        Lead nowhere = db.as(boss, () -> s.leads().create(lead("D", "West", null, null, "web", "Chengdu"), false));
        assertThat(nowhere.ownerId()).isNull();
        assertThat(db.auditOf(east2.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.ASSIGNED);
            assertThat(entry.reason()).isEqualTo("assignment rule 'east region'");
        });
        assertThat(db.events(LeadEvent.Assigned.class)).hasSize(7)
                .allSatisfy(event -> assertThat(event.how()).isEqualTo("RULE"));

        // on demand: a new rule for the west, run over the pool
        db.as(boss, () -> s.leads().createRule(new LeadRule(null, "west", 3, true, null, "chengdu", null,
                List.of("ben"), 0, 0L)));
        List<LeadAssignment.Outcome> dry = db.as(boss, () -> s.leads().assignPool(true, 100));
        assertThat(dry).extracting(LeadAssignment.Outcome::ownerId).containsExactly(null, "ben");
        assertThat(db.as(boss, () -> s.leads().find(nowhere.id())).orElseThrow().ownerId()).as("dry run").isNull();
        db.as(boss, () -> s.leads().assignPool(false, 100));
        assertThat(db.as(boss, () -> s.leads().find(nowhere.id())).orElseThrow().ownerId()).isEqualTo("ben");

        TestUser ann = db.users.get("ann");
        assertThatThrownBy(() -> db.as(ann, () -> s.leads().assignPool(false, 100)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(403));
        assertThatThrownBy(() -> db.as(boss, () -> s.leads().createRule(new LeadRule(null, "", 0, true, null, null,
                "t", List.of("u"), -1, 0L)))).satisfies(e -> assertThat(fields(e))
                .containsExactlyInAnyOrder("name", "teamId", "maxOpenPerUser"));
        assertThatThrownBy(() -> db.as(boss, () -> s.leads().createRule(new LeadRule(null, "x", 0, true, null, null,
                null, List.of("nobody"), 0, 0L)))).satisfies(e -> assertThat(fields(e)).containsExactly("userIds[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void poolLeadsAreClaimedAndReleasedWithReasons(CustomerFixture db) {
        Stores s = stores(db);
        TestUser ann = rep(db, "ann");
        TestUser ben = rep(db, "ben");
        TestUser partner = db.user("partner", Set.of("leads:read", "leads:write"),
                new DataScope(ScopeKind.PARTNER, Set.of("partner")));
        Lead pooled = db.as(ann, () -> s.leads().create(lead("Pool", "Lead", "Pool Co"), false));
        assertThat(pooled.ownerId()).as("no rules: the pool").isNull();

        assertThat(names(db, ben, s)).contains("Pool Co");
        assertThat(names(db, partner, s)).as("partners never see the pool").isEmpty();
        Lead claimed = db.as(ben, () -> s.leads().claim(pooled.id()));
        assertThat(claimed.ownerId()).isEqualTo("ben");
        assertThatThrownBy(() -> db.as(ann, () -> s.leads().claim(pooled.id())))
                .as("now Ben's, invisible to Ann").satisfies(e -> assertThat(status(e)).isEqualTo(404));
        assertThatThrownBy(() -> db.as(ben, () -> s.leads().release(pooled.id(), null)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("reason"));
        db.as(ben, () -> s.leads().release(pooled.id(), "wrong territory"));
        assertThat(db.auditOf(pooled.id())).extracting(CustomerFixture.Recorded::action)
                .containsExactly(AuditAction.CREATED, AuditAction.CLAIMED, AuditAction.RELEASED);
        assertThat(db.events(LeadEvent.Claimed.class)).singleElement()
                .satisfies(event -> assertThat(event.ownerId()).isEqualTo("ben"));
        assertThat(db.events(LeadEvent.Released.class)).singleElement()
                .satisfies(event -> assertThat(event.reason()).isEqualTo("wrong territory"));
        assertThatThrownBy(() -> db.as(ann, () -> s.leads().assign(pooled.id(), "ann")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(403));

        db.as(ann, () -> s.leads().delete(pooled.id(), null));
        assertThat(db.as(ann, () -> s.leads().find(pooled.id()))).isEmpty();
        assertThat(db.bin).extracting(entry -> entry.label()).containsExactly("Pool Lead (Pool Co)");
        db.as(ann, () -> s.leads().restore(pooled.id()));
        assertThat(db.as(ann, () -> s.leads().find(pooled.id()))).isPresent();
    }

    // ---- conversion ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void convertingMakesACustomerAndAContactOnceAndParticipantsJoinIn(CustomerFixture db) {
        Stores s = stores(db);
        TestUser ann = rep(db, "ann");
        List<LeadConversion> seen = new ArrayList<>();
        s.converter().addParticipant(conversion -> {
            seen.add(conversion);
            return List.of(new RecordLink("sales.opportunity", "opp-1", "Acme – first order"));
        }, Map.of(LeadConversionParticipant.PARTICIPANT_ID, "sales"));
        Lead lead = db.as(ann, () -> s.leads().create(new LeadFields("娜娜", "欧阳", "Acme 中国", "采购经理",
                "nana@acme.example", "021 6666 7777", "acme.example", new Address(null, "上海", "上海", null, "CN"),
                "web", null, null, null, null, "ann", null), false));

        LeadConverter.Result result = db.as(ann, () -> s.converter().convert(lead.id(),
                new LeadConverter.Request(null, null, null, null, null, Map.of("sales", Map.of("amount", "1000")))));

        Customer customer = result.customer();
        assertThat(customer.name()).isEqualTo("Acme 中国");
        assertThat(customer.kind()).isEqualTo(CustomerKind.COMPANY);
        assertThat(customer.ownerId()).isEqualTo("ann");
        assertThat(customer.address().city()).isEqualTo("上海");
        Contact contact = result.contact();
        assertThat(contact.displayName()).isEqualTo("欧阳娜娜");
        assertThat(contact.customerId()).isEqualTo(customer.id());
        assertThat(contact.emails()).containsExactly("nana@acme.example");
        assertThat(contact.primary()).isTrue();
        assertThat(result.lead().status()).isEqualTo(LeadStatus.CONVERTED);
        assertThat(result.lead().convertedCustomerId()).isEqualTo(customer.id());
        assertThat(result.lead().convertedContactId()).isEqualTo(contact.id());
        assertThat(result.lead().conversionRecords()).extracting(RecordLink::recordId).containsExactly("opp-1");
        assertThat(seen).singleElement().satisfies(conversion -> {
            assertThat(conversion.customerId()).isEqualTo(customer.id());
            assertThat(conversion.options()).containsEntry("amount", "1000");
        });
        assertThat(db.as(ann, () -> s.leads().find(lead.id())).orElseThrow().conversionRecords()).hasSize(1);
        assertThat(db.auditOf(lead.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.CONVERTED);
            assertThat(entry.changes()).contains(new FieldChange("status", "NEW", "CONVERTED"),
                    new FieldChange("convertedCustomerId", null, customer.id()));
        });
        assertThat(db.events(LeadEvent.Converted.class)).singleElement()
                .satisfies(event -> assertThat(event.records()).hasSize(1));

        assertThatThrownBy(() -> db.as(ann, () -> s.converter().convert(lead.id(), null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().type()).endsWith("/converted");
                });
        assertThatThrownBy(() -> db.as(ann, () -> s.leads().change(lead.id(), "*", current -> current, false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLeadCanJoinAnExistingCustomerAndContact(CustomerFixture db) {
        Stores s = stores(db);
        TestUser ann = rep(db, "ann");
        Customer acme = db.as(ann, () -> db.store.create(company("Acme"), false));
        Customer other = db.as(ann, () -> db.store.create(company("Other"), false));
        Contact otherContact = db.as(ann, () -> s.contacts().create(new ContactFields(other.id(), "O", "Ther",
                null, null, null, null, null, null, null, null, null), false));
        Lead lead = db.as(ann, () -> s.leads().create(lead("Bo", "Yang", "Acme"), false));

        assertThatThrownBy(() -> db.as(ann, () -> s.converter().convert(lead.id(), new LeadConverter.Request(
                acme.id(), null, otherContact.id(), null, null, null))))
                .satisfies(e -> assertThat(fields(e)).containsExactly("contactId"));
        assertThatThrownBy(() -> db.as(ann, () -> s.converter().convert(lead.id(), new LeadConverter.Request(
                "no-such-customer", null, null, null, null, null))))
                .satisfies(e -> assertThat(fields(e)).containsExactly("customerId"));

        LeadConverter.Result result = db.as(ann, () -> s.converter().convert(lead.id(), new LeadConverter.Request(
                acme.id(), null, null, null, null, null)));
        assertThat(result.customer().id()).isEqualTo(acme.id());
        assertThat(result.contact().customerId()).isEqualTo(acme.id());
        assertThat(result.contact().primary()).as("an existing customer keeps its primary contact").isFalse();
        assertThat(db.as(ann, () -> db.store.list(CustomerQuery.parse(Map.of("q", "acme")),
                new PageRequest(10, null)).items())).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aParticipantThatFailsRollsTheWholeConversionBack(CustomerFixture db) {
        Stores s = stores(db);
        TestUser ann = rep(db, "ann");
        Lead lead = db.as(ann, () -> s.leads().create(lead("Rolled", "Back", "Rollback Inc"), false));
        s.converter().addParticipant(conversion -> {
            throw new IllegalStateException("sales is broken");
        }, Map.of(LeadConversionParticipant.PARTICIPANT_ID, "sales"));

        assertThatThrownBy(() -> db.as(ann, () -> s.converter().convert(lead.id(), null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().extensions()).containsEntry("participant", "sales");
                    assertThat(e.problem().detail()).doesNotContain("IllegalStateException");
                });
        assertThat(db.as(ann, () -> s.leads().find(lead.id())).orElseThrow().status()).isEqualTo(LeadStatus.NEW);
        assertThat(db.as(ann, () -> db.store.list(CustomerQuery.parse(Map.of("q", "rollback")),
                new PageRequest(10, null)).items())).as("no customer was left behind").isEmpty();
        assertThat(db.events(LeadEvent.Converted.class)).isEmpty();
        assertThat(db.audit).extracting(CustomerFixture.Recorded::action).doesNotContain(AuditAction.CONVERTED);

        s.converter().addParticipant(conversion -> {
            throw Problem.validation("options.sales.amount", "is required").toException();
        }, Map.of(LeadConversionParticipant.PARTICIPANT_ID, "sales"));
        assertThatThrownBy(() -> db.as(ann, () -> s.converter().convert(lead.id(), null)))
                .as("a participant's own problem reaches the client")
                .satisfies(e -> assertThat(fields(e)).containsExactly("options.sales.amount"));

        Lead disqualified = db.as(ann, () -> s.leads().create(new LeadFields("No", "Thanks", "Nope Ltd", null, null,
                null, null, null, null, null, LeadStatus.DISQUALIFIED, "no budget", null, null, null), false));
        assertThatThrownBy(() -> db.as(ann, () -> s.converter().convert(disqualified.id(), null)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
    }

    private static List<String> names(CustomerFixture db, TestUser user, Stores s) {
        return db.as(user, () -> s.leads().list(LeadQuery.parse(Map.of()), new PageRequest(100, null))).items()
                .stream().map(Lead::company).toList();
    }

    private static int status(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        return ((ProblemException) e).problem().status();
    }

    private static List<String> fields(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) e).problem().status()).as(((ProblemException) e).problem().detail())
                .isEqualTo(400);
        return ((ProblemException) e).problem().errors().stream().map(FieldError::field).toList();
    }
}
