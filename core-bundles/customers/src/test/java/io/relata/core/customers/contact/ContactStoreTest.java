package io.relata.core.customers.contact;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Contact;
import io.relata.api.customer.ContactEvent;
import io.relata.api.customer.Customer;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.customer.CustomerQuery;

class ContactStoreTest {

    static java.util.stream.Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    private static ContactStore contacts(CustomerFixture db) {
        return ContactFixture.contacts(db);
    }

    private static ContactFields person(String customerId, String first, String last) {
        return new ContactFields(customerId, first, last, null, null, null, null, null, null, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void contactsBelongToACustomerAndAreAudited(CustomerFixture db) {
        ContactStore contacts = contacts(db);
        TestUser ada = db.rep("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        ContactFields fields = new ContactFields(acme.id(), " Li ", "Wei", "CTO", "R&D",
                List.of("Li.Wei@Acme.example", "li.wei@acme.example", "wei@home.example"),
                List.of("+86 138 0000 1111"), LocalDate.of(1985, 5, 4), true, null, true, null);
        Contact li = db.as(ada, () -> contacts.create(fields, false));

        assertThat(li.firstName()).isEqualTo("Li");
        assertThat(li.displayName()).isEqualTo("Li Wei");
        assertThat(li.emails()).as("lower-cased, duplicates dropped, order kept")
                .containsExactly("li.wei@acme.example", "wei@home.example");
        assertThat(li.primary()).isTrue();
        assertThat(li.marketingOptOut()).isTrue();
        assertThat(li.doNotContact()).isFalse();
        assertThat(db.as(ada, () -> contacts.find(li.id()))).contains(li);
        assertThat(db.auditOf(li.id())).singleElement().satisfies(entry -> {
            assertThat(entry.recordType()).isEqualTo("contact");
            assertThat(entry.changes()).contains(new FieldChange("lastName", null, "Wei"),
                    new FieldChange("birthday", null, "1985-05-04"));
        });
        assertThat(db.events(ContactEvent.Created.class)).hasSize(1);

        Contact zhang = db.as(ada, () -> contacts.create(new ContactFields(acme.id(), "张", "三", null, null, null, null,
                null, true, null, null, null), false));
        assertThat(db.as(ada, () -> contacts.find(li.id())).orElseThrow().primary())
                .as("one primary contact per customer").isFalse();
        assertThat(db.as(ada, () -> contacts.ofCustomer(acme.id()))).extracting(Contact::id)
                .containsExactly(zhang.id(), li.id());

        Contact changed = db.as(ada, () -> contacts.change(li.id(), "\"2\"",
                current -> new ContactFields(current.customerId(), current.firstName(), current.lastName(), "CEO",
                        current.department(), current.emails(), List.of(), current.birthday(), current.primary(),
                        true, current.marketingOptOut(), null), false));
        assertThat(changed.title()).isEqualTo("CEO");
        assertThat(changed.phones()).isEmpty();
        assertThat(db.auditOf(li.id())).last().satisfies(entry -> assertThat(entry.changes()).containsExactly(
                new FieldChange("doNotContact", "false", "true"), new FieldChange("phones", "+86 138 0000 1111", null),
                new FieldChange("title", "CTO", "CEO")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void badContactsAreRefusedFieldByField(CustomerFixture db) {
        ContactStore contacts = contacts(db);
        TestUser ada = db.rep("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        assertThatThrownBy(() -> db.as(ada, () -> contacts.create(new ContactFields(null, null, " ", "x".repeat(101),
                null, List.of("nope"), List.of("call me"), LocalDate.of(1800, 1, 1), null, null, null, null), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactlyInAnyOrder("customerId", "lastName", "title",
                        "emails[0]", "phones[0]", "birthday"));
        assertThatThrownBy(() -> db.as(ada, () -> contacts.create(person("no-such-customer", "A", "B"), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("customerId"));
        assertThat(db.as(ada, () -> contacts.ofCustomer(acme.id()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void contactsAreVisibleExactlyWhenTheirCustomerIs(CustomerFixture db) {
        ContactStore contacts = contacts(db);
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        Customer adas = db.as(ada, () -> db.store.create(company("Ada's"), false));
        Contact hers = db.as(ada, () -> contacts.create(person(adas.id(), "Her", "Contact"), false));

        assertThat(db.as(bob, () -> contacts.find(hers.id()))).isEmpty();
        assertThat(db.as(bob, () -> contacts.list(null, null, Map.of(), new PageRequest(50, null)).items()))
                .isEmpty();
        assertThat(db.as(bob, () -> contacts.visible(hers.id()))).isFalse();
        assertThatThrownBy(() -> db.as(bob, () -> contacts.ofCustomer(adas.id())))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
        assertThatThrownBy(() -> db.as(bob, () -> contacts.create(person(adas.id(), "Sneaky", "Add"), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("customerId"));
        assertThatThrownBy(() -> db.as(bob, () -> contacts.delete(hers.id(), null)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));

        db.as(ada, () -> db.store.release(adas.id(), "handing over"));
        assertThat(db.as(bob, () -> contacts.find(hers.id()))).as("pool customers' contacts are everyone's").isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void searchFindsContactsAndTheirCustomersByContactName(CustomerFixture db) {
        ContactStore contacts = contacts(db);
        TestUser ada = db.admin("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        Customer other = db.as(ada, () -> db.store.create(company("Other"), false));
        db.as(ada, () -> contacts.create(new ContactFields(acme.id(), "娜娜", "欧阳", null, null,
                List.of("nana@acme.example"), List.of("021-6666 7777"), null, null, null, null, null), false));
        db.as(ada, () -> contacts.create(person(other.id(), "Bob", "Smith"), false));

        assertThat(names(db, ada, contacts, "阳娜")).containsExactly("欧阳娜娜");
        assertThat(names(db, ada, contacts, "NANA@")).containsExactly("欧阳娜娜");
        assertThat(names(db, ada, contacts, "66667777")).containsExactly("欧阳娜娜");
        assertThat(names(db, ada, contacts, "smi")).containsExactly("Bob Smith");
        assertThat(names(db, ada, contacts, "smith bob")).as("either order").containsExactly("Bob Smith");
        assertThat(db.as(ada, () -> contacts.list(other.id(), null, Map.of(), new PageRequest(50, null)).items()))
                .extracting(Contact::displayName).containsExactly("Bob Smith");
        assertThat(db.as(ada, () -> db.store.list(CustomerQuery.parse(Map.of("q", "欧阳")),
                new PageRequest(50, null)).items())).extracting(Customer::name).containsExactly("Acme");

        List<String> paged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            db.as(ada, () -> contacts.create(person(acme.id(), "Person", "No" + n), false));
        }
        String cursor = null;
        do {
            String after = cursor;
            var page = db.as(ada, () -> contacts.list(acme.id(), null, Map.of(), PageRequest.of("2", after)));
            page.items().forEach(contact -> paged.add(contact.displayName()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(paged).containsExactly("Person No0", "Person No1", "Person No2", "Person No3", "Person No4",
                "欧阳娜娜");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void duplicateContactsAreRefusedUnlessAllowed(CustomerFixture db) {
        ContactStore contacts = contacts(db);
        TestUser ada = db.admin("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        Customer other = db.as(ada, () -> db.store.create(company("Other"), false));
        db.as(ada, () -> contacts.create(new ContactFields(acme.id(), "Li", "Wei", null, null,
                List.of("li@acme.example"), List.of("138 0000 1111"), null, null, null, null, null), false));

        assertThatThrownBy(() -> db.as(ada, () -> contacts.create(person(acme.id(), "LI", " wei"), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThat(db.as(ada, () -> contacts.create(person(other.id(), "Li", "Wei"), false)).customerId())
                .as("the same name at another customer is another person").isEqualTo(other.id());
        assertThatThrownBy(() -> db.as(ada, () -> contacts.create(new ContactFields(other.id(), "X", "Y", null, null,
                List.of("LI@acme.example"), null, null, null, null, null, null), false)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat((List<?>) e.problem().extensions().get("candidates")).hasSize(1);
                });
        assertThatThrownBy(() -> db.as(ada, () -> contacts.create(new ContactFields(other.id(), "X", "Y", null, null,
                null, List.of("(138) 0000-1111"), null, null, null, null, null), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThat(db.as(ada, () -> contacts.create(person(acme.id(), "Li", "Wei"), true))).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deletedContactsComeBackOnlyWithTheirCustomerAndArePurgedWithIt(CustomerFixture db) {
        ContactStore contacts = contacts(db);
        TestUser ada = db.admin("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), false));
        Contact li = db.as(ada, () -> contacts.create(person(acme.id(), "Li", "Wei"), false));
        Contact wang = db.as(ada, () -> contacts.create(person(acme.id(), "Wang", "Fang"), false));

        assertThatThrownBy(() -> db.as(ada, () -> contacts.change(li.id(), "\"5\"", UnaryOperator.identity(), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(412));
        db.as(ada, () -> contacts.delete(li.id(), "\"1\""));
        assertThat(db.as(ada, () -> contacts.find(li.id()))).isEmpty();
        assertThat(db.bin).extracting(entry -> entry.label()).containsExactly("Li Wei");
        assertThat(db.events(ContactEvent.Deleted.class)).hasSize(1);

        db.as(ada, () -> db.store.delete(acme.id(), null));
        assertThat(db.as(ada, () -> contacts.find(wang.id()))).as("hidden with its customer").isEmpty();
        assertThatThrownBy(() -> db.as(ada, () -> contacts.restore(li.id())))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        db.as(ada, () -> db.store.restore(acme.id()));
        assertThat(db.as(ada, () -> contacts.find(wang.id()))).isPresent();
        db.as(ada, () -> contacts.restore(li.id()));
        assertThat(db.as(ada, () -> contacts.find(li.id()))).isPresent();
        assertThat(db.auditOf(li.id())).extracting(CustomerFixture.Recorded::action)
                .containsExactly(AuditAction.CREATED, AuditAction.DELETED, AuditAction.RESTORED);

        db.as(ada, () -> db.store.delete(acme.id(), null));
        db.as(ada, () -> db.store.purge(acme.id()));
        assertThat(db.as(ada, () -> contacts.visible(wang.id()))).as("purged with its customer").isFalse();
        assertThat(db.as(ada, () -> contacts.visible(li.id()))).isFalse();
    }

    private static List<String> names(CustomerFixture db, TestUser user, ContactStore contacts, String q) {
        return db.as(user, () -> contacts.list(null, q, Map.of(), new PageRequest(50, null))).items().stream()
                .map(Contact::displayName).toList();
    }

    private static int status(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        return ((ProblemException) e).problem().status();
    }

    private static List<String> fields(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) e).problem().status()).isEqualTo(400);
        return ((ProblemException) e).problem().errors().stream().map(FieldError::field).toList();
    }
}
