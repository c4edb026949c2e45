package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static io.relata.core.customers.customer.CustomerFixture.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relata.api.customer.Address;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerEvent;
import io.relata.api.customer.CustomerKind;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.customfield.FieldType;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/** {@link CustomerStore#createAll}: what {@link CustomerStore#create} does for each, written together. */
class CustomerCreateAllTest {

    /** A customer with every kind of field, its custom values as the import's {@code prepare} validates them. */
    private static CustomerFields everything(CustomerFixture db, String name, String ownerId) {
        Map<String, Object> custom = db.customFields.validate("customer", Map.of("tier", "gold",
                "labels", List.of("new", "hot"), "employees", "120"), null);
        return new CustomerFields(CustomerKind.COMPANY, " " + name + " ", name + " Ltd", null,
                "https://" + name.toLowerCase().replace(' ', '-') + ".example.com", "+86 21 5555 0100",
                name.toLowerCase().replace(' ', '.') + "@example.com",
                new Address("1 Nanjing Road", "上海", null, "200001", "CN"), LifecycleStage.PROSPECT,
                List.of("vip", "east"), ownerId, null, null, null, custom);
    }

    private static void define(CustomerFixture db) {
        db.customFields.define("customer", "tier", FieldType.PICKLIST, false, "gold", "silver");
        db.customFields.define("customer", "labels", FieldType.MULTI_PICKLIST, false, "hot", "new");
        db.customFields.define("customer", "employees", FieldType.INTEGER, false);
    }

    @OnEveryDatabase
    void eachCustomerIsWhatACreateByHandMakesButTheAuditTrailIsCalledOnce(CustomerFixture db) {
        define(db);
        TestUser ada = db.admin("ada");
        db.rep("bo");
        Customer byHand = db.as(ada, () -> db.store.create(everything(db, "Acme Trading", "bo"), true));

        List<String> ids = db.as(ada, () -> db.store.createAll(List.of(everything(db, "Acme Trading", "bo"),
                company("Second Co"))));

        assertThat(ids).hasSize(2).doesNotContain(byHand.id());
        Customer together = db.as(ada, () -> db.store.find(ids.get(0))).orElseThrow();
        assertThat(together).usingRecursiveComparison()
                .ignoringFields("id", "createdAt", "updatedAt")
                .isEqualTo(byHand);
        assertThat(together.tags()).containsExactly("east", "vip");
        assertThat(together.customFields()).containsEntry("tier", "gold").containsEntry("employees", 120L)
                .containsEntry("labels", List.of("hot", "new"));
        assertThat(together.ownerId()).isEqualTo("bo");
        Customer second = db.as(ada, () -> db.store.find(ids.get(1))).orElseThrow();
        assertThat(second.ownerId()).as("no owner given: the creator's").isEqualTo("ada");

        assertThat(db.auditOf(ids.get(0))).singleElement().satisfies(entry -> {
            CustomerFixture.Recorded original = db.auditOf(byHand.id()).get(0);
            assertThat(entry).usingRecursiveComparison().ignoringFields("recordId").isEqualTo(original);
        });
        assertThat(db.auditOf(ids.get(1))).singleElement()
                .satisfies(entry -> assertThat(entry.actorId()).isEqualTo("ada"));
        assertThat(db.auditCalls).as("one call for the customer by hand, one for both of the others")
                .containsExactly(1, 2);

        List<CustomerEvent.Created> created = db.events(CustomerEvent.Created.class);
        assertThat(created).extracting(CustomerEvent.Created::customerId)
                .containsExactly(byHand.id(), ids.get(0), ids.get(1));
        assertThat(created.get(1)).usingRecursiveComparison().ignoringFields("customerId", "occurredAt")
                .isEqualTo(created.get(0));
        assertThat(created.get(1).occurredAt()).isEqualTo(together.createdAt());
        assertThat(db.as(ada, () -> db.store.duplicatesOf(company("ACME  trading")).count()))
                .as("found by the search keys, as a customer made by hand is").isEqualTo(2);
    }

    @OnEveryDatabase
    void oneRefusedCustomerWritesNoneOfThem(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        List<CustomerFields> batch = new ArrayList<>();
        batch.add(company("First Co"));
        batch.add(CustomerFixture.child("Orphan Co", "00000000-0000-0000-0000-000000000000"));
        batch.add(company("Last Co"));

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> db.as(ada, () -> db.store.createAll(batch)));

        assertThat(refused.problem().status()).isEqualTo(400);
        assertThat(refused.problem().errors()).extracting(FieldError::field).containsExactly("parentId");
        assertThat(db.as(ada, () -> db.store.list(CustomerFixture.query(Map.of()), page(10))).items()).isEmpty();
        assertThat(db.audit).isEmpty();
        assertThat(db.events(CustomerEvent.Created.class)).isEmpty();
    }

    /**
     * An import checks the values before the transaction, and createAll checks them again as create does: a field
     * deactivated in between is dropped, not stored as a hidden value, and a caller that never checked them cannot
     * slip a bad or missing value past the rules.
     */
    @OnEveryDatabase
    void customValuesAreCheckedAsCreateChecksThem(CustomerFixture db) {
        define(db);
        TestUser ada = db.admin("ada");
        CustomerFields checked = everything(db, "Late Co", null);
        db.customFields.deactivate("customer", "tier");

        String id = db.as(ada, () -> db.store.createAll(List.of(checked))).get(0);
        Customer together = db.as(ada, () -> db.store.find(id)).orElseThrow();
        assertThat(together.customFields()).doesNotContainKey("tier").containsEntry("employees", 120L);

        CustomerFields unchecked = company("Raw Co").withCustomFields(Map.of("employees", "many"));
        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> db.as(ada, () -> db.store.createAll(List.of(company("Fine Co"), unchecked))));
        assertThat(refused.problem().errors()).extracting(FieldError::field).containsExactly("customFields.employees");
        assertThat(db.as(ada, () -> db.store.list(CustomerFixture.query(Map.of()), page(10))).items())
                .extracting(Customer::name).containsExactly("Late Co");
    }

    @OnEveryDatabase
    void givingCustomersToSomeoneElseNeedsThePermissionAndAnActiveUser(CustomerFixture db) {
        TestUser rep = db.rep("cy");
        db.rep("bo");
        TestUser admin = db.admin("ada");
        db.user("gone", Set.of("customers:read"), DataScope.all());
        db.disable("gone");

        ProblemException forbidden = catchThrowableOfType(ProblemException.class,
                () -> db.as(rep, () -> db.store.createAll(List.of(company("Mine Co"), company("Yours Co")
                        .withOwner("bo")))));
        ProblemException inactive = catchThrowableOfType(ProblemException.class,
                () -> db.as(admin, () -> db.store.createAll(List.of(company("Gone Co").withOwner("gone")))));

        assertThat(forbidden.problem().status()).isEqualTo(403);
        assertThat(inactive.problem().status()).isEqualTo(400);
        assertThat(db.audit).isEmpty();
        assertThat(db.as(rep, () -> db.store.createAll(List.of(company("Mine Co").withOwner("cy"))))).hasSize(1);
    }
}
