package io.relata.core.customers.contact;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.customer.Contact;
import io.relata.api.customer.ContactEvent;
import io.relata.api.customer.Customer;
import io.relata.api.customfield.FieldType;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.Recorded;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/** {@link ContactStore#createAll}: what {@link ContactStore#create} does for each, written together. */
class ContactCreateAllTest {

    static Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    /** A contact with every kind of field, its custom values as the import's {@code prepare} validates them. */
    private static ContactFields everything(CustomerFixture db, String customerId, boolean primary) {
        Map<String, Object> custom = db.customFields.validate("contact", Map.of("role", "buyer",
                "interests", List.of("tea", "golf"), "score", "7"), null);
        return new ContactFields(customerId, " Li ", "Wei", "CTO", "R&D",
                List.of("Li.Wei@Acme.example", "wei@home.example"), List.of("+86 138 0000 1111", "021-5555 0100"),
                LocalDate.of(1985, 5, 4), primary, true, false, custom);
    }

    private static ContactFields person(String customerId, String lastName, boolean primary) {
        return new ContactFields(customerId, null, lastName, null, null, null, null, null, primary, null, null, null);
    }

    private static void define(CustomerFixture db) {
        db.customFields.define("contact", "role", FieldType.PICKLIST, false, "buyer", "user");
        db.customFields.define("contact", "interests", FieldType.MULTI_PICKLIST, false, "golf", "tea");
        db.customFields.define("contact", "score", FieldType.INTEGER, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachContactIsWhatACreateByHandMakesButTheAuditTrailIsCalledOnce(CustomerFixture db) {
        define(db);
        ContactStore contacts = ContactFixture.contacts(db);
        TestUser ada = db.admin("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        Contact byHand = db.as(ada, () -> contacts.create(everything(db, acme.id(), false), true));
        db.auditCalls.clear();

        List<String> ids = db.as(ada, () -> contacts.createAll(List.of(everything(db, acme.id(), false),
                person(acme.id(), "Second", false))));

        assertThat(ids).hasSize(2).doesNotContain(byHand.id());
        Contact together = db.as(ada, () -> contacts.find(ids.get(0))).orElseThrow();
        assertThat(together).usingRecursiveComparison().ignoringFields("id", "createdAt", "updatedAt")
                .isEqualTo(byHand);
        assertThat(together.emails()).containsExactly("li.wei@acme.example", "wei@home.example");
        assertThat(together.phones()).containsExactly("+86 138 0000 1111", "021-5555 0100");
        assertThat(together.customFields()).containsEntry("role", "buyer").containsEntry("score", 7L)
                .containsEntry("interests", List.of("golf", "tea"));
        assertThat(db.as(ada, () -> contacts.find(ids.get(1))).orElseThrow().lastName()).isEqualTo("Second");

        assertThat(db.auditOf(ids.get(0))).singleElement().satisfies(entry -> {
            Recorded original = db.auditOf(byHand.id()).get(0);
            assertThat(entry).usingRecursiveComparison().ignoringFields("recordId").isEqualTo(original);
        });
        assertThat(db.auditOf(ids.get(1))).singleElement()
                .satisfies(entry -> assertThat(entry.actorId()).isEqualTo("ada"));
        assertThat(db.auditCalls).as("one call for both contacts").containsExactly(2);

        List<ContactEvent.Created> created = db.events(ContactEvent.Created.class);
        assertThat(created).extracting(ContactEvent.Created::contactId)
                .containsExactly(byHand.id(), ids.get(0), ids.get(1));
        assertThat(created.get(1)).usingRecursiveComparison().ignoringFields("contactId", "occurredAt")
                .isEqualTo(created.get(0));
        assertThat(created.get(1).occurredAt()).isEqualTo(together.createdAt());

        // the phones' and e-mails' rows and the name key are there, as for a contact made by hand
        ContactFields samePhone = new ContactFields(acme.id(), null, "Other", null, null, null,
                List.of("(+86) 138-0000-1111"), null, null, null, null, null).validated();
        ContactFields sameMail = new ContactFields(acme.id(), null, "Other", null, null, List.of("WEI@home.example"),
                null, null, null, null, null, null).validated();
        ContactFields sameName = new ContactFields(acme.id(), "li", "WEI", null, null, null, null, null, null, null,
                null, null).validated();
        for (ContactFields duplicate : List.of(samePhone, sameMail, sameName)) {
            assertThat(db.as(ada, () -> contacts.duplicatesOf(duplicate)).visibleIds())
                    .containsExactlyInAnyOrder(byHand.id(), ids.get(0));
        }
        assertThat(db.as(ada, () -> contacts.list(null, "138 0000", Map.of(), CustomerFixture.page(10))).items())
                .extracting(Contact::id).containsExactlyInAnyOrder(byHand.id(), ids.get(0));
    }

    /**
     * The primary mark moves as one create after another moves it: from the customer's stored primary contact to
     * the first new one, then on to the next; each unmarked contact gets the version, audit entry and order of
     * entries a create and an update give it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void primaryContactsTakeTheMarkInTurnAsCreatesByHandDo(CustomerFixture db) {
        ContactStore contacts = ContactFixture.contacts(db);
        TestUser ada = db.admin("ada");
        Customer byHandAt = db.as(ada, () -> db.store.create(company("By Hand"), false));
        Customer togetherAt = db.as(ada, () -> db.store.create(company("Together"), false));
        Contact storedByHand = db.as(ada, () -> contacts.create(person(byHandAt.id(), "Stored", true), true));
        Contact storedTogether = db.as(ada, () -> contacts.create(person(togetherAt.id(), "Stored", true), true));
        db.audit.clear();
        db.auditCalls.clear();

        List<Contact> byHand = Stream.of(person(byHandAt.id(), "First", true), person(byHandAt.id(), "Second", true),
                person(byHandAt.id(), "Third", false)).map(fields -> db.as(ada, () -> contacts.create(fields, true)))
                .toList();
        List<Integer> callsByHand = List.copyOf(db.auditCalls);
        db.auditCalls.clear();
        List<String> ids = db.as(ada, () -> contacts.createAll(List.of(person(togetherAt.id(), "First", true),
                person(togetherAt.id(), "Second", true), person(togetherAt.id(), "Third", false))));

        assertThat(callsByHand).containsExactly(1, 1, 1, 1, 1);
        assertThat(db.auditCalls).as("the new contacts and the stored one unmarked, then the new one unmarked")
                .containsExactly(4, 1);
        List<String> byHandIds = byHand.stream().map(Contact::id).toList();
        for (int i = 0; i < 3; i++) {
            String handId = byHandIds.get(i);
            Contact hand = db.as(ada, () -> contacts.find(handId)).orElseThrow();
            String id = ids.get(i);
            Contact together = db.as(ada, () -> contacts.find(id)).orElseThrow();
            assertThat(together).usingRecursiveComparison()
                    .ignoringFields("id", "customerId", "createdAt", "updatedAt").isEqualTo(hand);
            assertThat(db.auditOf(id)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("recordId",
                    "changes").containsExactlyElementsOf(db.auditOf(handId));
        }
        assertThat(db.as(ada, () -> contacts.find(ids.get(0))).orElseThrow().primary()).isFalse();
        assertThat(db.as(ada, () -> contacts.find(ids.get(1))).orElseThrow().primary()).isTrue();
        Contact storedAfter = db.as(ada, () -> contacts.find(storedTogether.id())).orElseThrow();
        assertThat(storedAfter).usingRecursiveComparison().ignoringFields("id", "customerId", "createdAt",
                "updatedAt").isEqualTo(db.as(ada, () -> contacts.find(storedByHand.id())).orElseThrow());
        assertThat(db.auditOf(storedTogether.id())).singleElement().satisfies(entry -> {
            assertThat(entry).usingRecursiveComparison().ignoringFields("recordId")
                    .isEqualTo(db.auditOf(storedByHand.id()).get(0));
            assertThat(entry.reason()).isEqualTo("another contact became the primary one");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void oneRefusedContactWritesNoneOfThem(CustomerFixture db) {
        define(db);
        ContactStore contacts = ContactFixture.contacts(db);
        TestUser ada = db.admin("ada");
        TestUser bo = db.user("bo", Set.of("customers:read", "customers:write", "contacts:read", "contacts:write"),
                new DataScope(ScopeKind.OWN, Set.of("bo")));
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        Customer own = db.as(bo, () -> db.store.create(company("Bo's Own"), false));
        Contact stored = db.as(ada, () -> contacts.create(person(acme.id(), "Stored", true), true));
        Contact storedOwn = db.as(bo, () -> contacts.create(person(own.id(), "Stored", true), true));
        db.audit.clear();
        db.auditCalls.clear();
        ContactFields badValue = person(own.id(), "Bad Value", false).withCustomFields(Map.of("role", "boss"));

        ProblemException hidden = catchThrowableOfType(ProblemException.class, () -> db.as(bo,
                () -> contacts.createAll(List.of(person(own.id(), "First", true), person(acme.id(), "Hidden", false),
                        person(own.id(), "Last", false)))));
        ProblemException missing = catchThrowableOfType(ProblemException.class, () -> db.as(ada,
                () -> contacts.createAll(List.of(person(acme.id(), "First", true),
                        person("00000000-0000-0000-0000-000000000000", "Orphan", false)))));
        ProblemException value = catchThrowableOfType(ProblemException.class, () -> db.as(bo,
                () -> contacts.createAll(List.of(person(own.id(), "First", true), badValue))));
        ProblemException nameless = catchThrowableOfType(ProblemException.class, () -> db.as(bo,
                () -> contacts.createAll(List.of(person(own.id(), "First", true), person(own.id(), null, false)))));

        ProblemException valueByHand = catchThrowableOfType(ProblemException.class,
                () -> db.as(bo, () -> contacts.create(badValue, true)));
        assertThat(hidden.problem().status()).isEqualTo(400);
        assertThat(hidden.problem().errors()).extracting(FieldError::field).containsExactly("customerId");
        assertThat(missing.problem().errors()).extracting(FieldError::field).containsExactly("customerId");
        assertThat(value.problem().errors()).isEqualTo(valueByHand.problem().errors()).isNotEmpty();
        assertThat(nameless.problem().errors()).extracting(FieldError::field).containsExactly("lastName");
        assertThat(db.as(ada, () -> contacts.list(null, null, Map.of(), CustomerFixture.page(10))).items())
                .extracting(Contact::id).containsExactlyInAnyOrder(stored.id(), storedOwn.id());
        assertThat(db.as(ada, () -> contacts.find(stored.id())).orElseThrow().primary())
                .as("no longer unmarked once the call fails").isTrue();
        assertThat(db.as(ada, () -> contacts.find(storedOwn.id())).orElseThrow().primary()).isTrue();
        assertThat(db.audit).isEmpty();
        assertThat(db.events(ContactEvent.Created.class)).hasSize(2);
    }
}
