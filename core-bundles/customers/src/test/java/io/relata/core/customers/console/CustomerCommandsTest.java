package io.relata.core.customers.console;

import static io.relata.core.customers.customer.CustomerFixture.child;
import static io.relata.core.customers.customer.CustomerFixture.company;
import static io.relata.core.customers.customer.CustomerFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.AuditTrail;
import io.relata.api.audit.FieldChange;
import io.relata.api.console.CommandFailedException;
import io.relata.api.customer.Address;
import io.relata.api.customer.Customer;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.security.Users;
import io.relata.core.customers.contact.ContactFixture;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/** The commands on a real database: they read through the stores, so the console user's scope applies. */
class CustomerCommandsTest {

    static Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    /** Users are their own usernames here, as in the customer fixture. */
    private static final Users USERS = KnownUsers.of(Map.of("ada", "ada", "bob", "bob"));

    private static FakeInvocation run(CustomerFixture db, TestUser user, CustomerListCommand command,
                                      String... tokens) {
        FakeInvocation invocation = new FakeInvocation(tokens);
        db.as(user, () -> command.execute(invocation));
        return invocation;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void customerListPrintsTheCustomersTheConsoleUserMaySee(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        db.as(ada, () -> db.store.create(with(company("Acme Trading"), "address",
                new Address(null, "Beijing", null, null, "CN")), false));
        Customer huawei = db.as(ada, () -> db.store.create(company("华为技术有限公司"), false));
        db.as(bob, () -> db.store.create(company("Bob's Bikes"), false));
        CustomerListCommand list = new CustomerListCommand(db.store, USERS, db.currentUser);

        List<String> lines = run(db, ada, list).lines();
        assertThat(lines.get(0)).startsWith("NAME").contains("OWNER", "STAGE", "CITY", "UPDATED (UTC)");
        assertThat(lines).hasSize(4).last().isEqualTo("2 customers");
        assertThat(lines.get(1)).as("most recently updated first").startsWith("华为技术有限公司  ada ");
        assertThat(lines.get(2)).startsWith("Acme Trading      ada ").contains("PROSPECT", "Beijing");
        assertThat(lines.get(1).indexOf("ada")).as("columns line up by display width")
                .isEqualTo(lines.get(2).indexOf("ada") - "华为技术有限公司".length());

        assertThat(run(db, ada, list, "--q=acme").lines()).hasSize(3).last().isEqualTo("1 customer");
        assertThat(run(db, ada, list, "--limit=1").lines()).last()
                .isEqualTo("First 1 customers; there are more: narrow the list or raise --limit (at most 1000)");
        db.as(ada, () -> db.store.release(huawei.id(), "moving on"));
        assertThat(run(db, bob, list, "--owner=none").lines()).satisfies(pool -> {
            assertThat(pool.get(1)).startsWith("华为技术有限公司  (pool)");
            assertThat(pool).last().isEqualTo("1 customer");
        });
        assertThat(run(db, bob, list, "--owner=ada").printed()).isEqualTo("No customers match." + System.lineSeparator());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void customerShowPrintsOneCustomerWithItsContactsAndHistory(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        ContactStore contacts = ContactFixture.contacts(db);
        Customer group = db.as(ada, () -> db.store.create(company("Acme Group"), false));
        Customer shop = db.as(ada, () -> db.store.create(child("Acme Shop", group.id()), false));
        ContactFixture.add(db, contacts, ada, shop.id(), "Mary", "Major", null, false);
        ContactFixture.add(db, contacts, ada, shop.id(), "Li", "Wei", "CTO", true);
        List<String> asked = new CopyOnWriteArrayList<>();
        AuditTrail audit = new AuditTrail() {
            @Override
            public void record(String recordType, String recordId, String action, List<FieldChange> changes,
                               String reason) {
                throw new UnsupportedOperationException("showing changes nothing");
            }

            @Override
            public Page<AuditEntry> history(String recordType, String recordId, PageRequest page) {
                asked.add(recordType + "/" + recordId + "/" + page.limit());
                return Page.last(List.of(new AuditEntry("a-1", recordType, recordId, "CREATED", "ada", "ada",
                        Instant.parse("2026-03-01T08:00:00Z"), List.of(new FieldChange("name", null, "Acme Shop")),
                        null)));
            }
        };
        CustomerShowCommand show = new CustomerShowCommand(db.store, contacts, audit, USERS, db.currentUser);

        FakeInvocation invocation = new FakeInvocation(shop.id());
        db.as(ada, () -> show.execute(invocation));

        assertThat(invocation.lines()).startsWith("Acme Shop", "  Id           " + shop.id())
                .contains("  Owner        ada", "  Parent path  Acme Group", "Contacts (2)",
                        "  2026-03-01 08:00  CREATED  ada  name");
        assertThat(invocation.printed()).containsSubsequence("Li Wei", "Mary Major");
        assertThat(asked).containsExactly("customer/" + shop.id() + "/5");

        for (String[] tokens : new String[][] {{"no-such-id"}, {shop.id(), "extra"}, {}}) {
            assertThatThrownBy(() -> db.as(ada, () -> show.execute(new FakeInvocation(tokens))))
                    .isInstanceOf(CommandFailedException.class);
        }
        assertThatThrownBy(() -> db.as(bob, () -> show.execute(new FakeInvocation(shop.id()))))
                .as("outside bob's scope, as if it did not exist").isInstanceOf(CommandFailedException.class)
                .hasMessage("no customer with id " + shop.id());
    }
}
