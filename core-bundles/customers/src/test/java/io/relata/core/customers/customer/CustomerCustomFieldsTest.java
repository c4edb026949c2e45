package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Customer;
import io.relata.api.customfield.FieldType;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

class CustomerCustomFieldsTest {

    private static void define(CustomerFixture db) {
        db.customFields.define("customer", "region", FieldType.PICKLIST, false, "north", "south");
        db.customFields.define("customer", "employees", FieldType.INTEGER, false);
        db.customFields.define("customer", "labels", FieldType.MULTI_PICKLIST, false, "hot", "key", "new");
        db.customFields.define("customer", "since", FieldType.DATE, false);
        db.customFields.define("customer", "notes", FieldType.LONG_TEXT, false);
    }

    private static CustomerFields withValues(String name, Map<String, Object> values) {
        return company(name).withCustomFields(values);
    }

    @OnEveryDatabase
    void valuesAreStoredReturnedAuditedAndFiltered(CustomerFixture db) {
        define(db);
        TestUser ada = db.admin("ada");
        Customer north = db.as(ada, () -> db.store.create(withValues("North Co", Map.of("region", "north",
                "employees", "120", "labels", List.of("new", "hot"), "since", "2024-03-15", "notes", "x".repeat(400)
                        + "long")), false));
        db.as(ada, () -> db.store.create(withValues("South Co", Map.of("region", "south", "employees", 12,
                "labels", "key")), false));
        db.as(ada, () -> db.store.create(company("Plain Co"), false));

        assertThat(north.customFields()).containsEntry("region", "north").containsEntry("employees", 120L)
                .containsEntry("labels", List.of("hot", "new"))
                .containsEntry("since", java.time.LocalDate.parse("2024-03-15"));
        assertThat(db.as(ada, () -> db.store.find(north.id())).orElseThrow().customFields())
                .isEqualTo(north.customFields());
        assertThat(db.auditOf(north.id())).singleElement().satisfies(entry -> assertThat(entry.changes())
                .contains(new FieldChange("cf.labels", null, "hot, new"), new FieldChange("cf.employees", null, "120")));

        assertThat(names(db, ada, Map.of("cf.region", "north"))).containsExactly("North Co");
        assertThat(names(db, ada, Map.of("cf.employees", "12"))).containsExactly("South Co");
        assertThat(names(db, ada, Map.of("cf.labels", "hot"))).containsExactly("North Co");
        assertThat(names(db, ada, Map.of("cf.since", "2024-03-15", "cf.region", "north"))).containsExactly("North Co");
        assertThat(names(db, ada, Map.of("cf.region", "south", "cf.labels", "hot"))).isEmpty();
        assertThatThrownBy(() -> names(db, ada, Map.of("cf.colour", "red")))
                .satisfies(e -> assertThat(fields(e)).containsExactly("cf.colour"));
        assertThatThrownBy(() -> names(db, ada, Map.of("cf.employees", "many")))
                .satisfies(e -> assertThat(fields(e)).containsExactly("cf.employees"));

        Customer changed = db.as(ada, () -> db.store.change(north.id(), "\"1\"", current -> {
            Map<String, Object> values = new HashMap<>(current.customFields());
            values.put("region", "south");
            values.remove("labels");
            return current.withCustomFields(values);
        }, false));
        assertThat(changed.customFields()).containsEntry("region", "south").doesNotContainKey("labels");
        assertThat(changed.version()).isEqualTo(2);
        assertThat(db.auditOf(north.id())).last().satisfies(entry -> assertThat(entry.changes()).containsExactly(
                new FieldChange("cf.labels", "hot, new", null), new FieldChange("cf.region", "north", "south")));
    }

    @OnEveryDatabase
    void badValuesAreRefusedAndNothingIsWritten(CustomerFixture db) {
        define(db);
        db.customFields.define("customer", "tier", FieldType.PICKLIST, true, "gold", "silver");
        TestUser ada = db.admin("ada");
        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(withValues("Bad", Map.of("region", "west",
                "colour", "red", "employees", "lots")), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactlyInAnyOrder("customFields.region",
                        "customFields.colour", "customFields.employees", "customFields.tier"));
        assertThat(names(db, ada, Map.of())).isEmpty();
    }

    @OnEveryDatabase
    void valuesOfADeactivatedFieldAreHiddenButKept(CustomerFixture db) {
        define(db);
        TestUser ada = db.admin("ada");
        Customer customer = db.as(ada, () -> db.store.create(withValues("Keeper", Map.of("region", "north",
                "notes", "keep me")), false));
        db.customFields.deactivate("customer", "notes");
        assertThat(db.as(ada, () -> db.store.find(customer.id())).orElseThrow().customFields())
                .containsOnlyKeys("region");
        db.as(ada, () -> db.store.change(customer.id(), "\"1\"", current -> current.withCustomFields(Map.of()),
                false));
        assertThat(db.as(ada, () -> db.store.find(customer.id())).orElseThrow().customFields()).isEmpty();

        db.customFields.define("customer", "notes", FieldType.LONG_TEXT, false);
        assertThat(db.as(ada, () -> db.store.find(customer.id())).orElseThrow().customFields())
                .as("back when the field is active again").containsEntry("notes", "keep me");
    }

    private static List<String> names(CustomerFixture db, TestUser user, Map<String, String> filters) {
        Map<String, String> parameters = new HashMap<>(filters);
        parameters.put("sort", "name");
        return db.as(user, () -> db.store.list(CustomerQuery.parse(parameters), new PageRequest(50, null))).items()
                .stream().map(Customer::name).toList();
    }

    private static List<String> fields(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) e).problem().status()).isEqualTo(400);
        return ((ProblemException) e).problem().errors().stream().map(FieldError::field).toList();
    }
}
