package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;

import io.relata.core.customers.customer.CustomerFixture.TestUser;

/**
 * Creating a customer checks for duplicates first. When that check was JPQL with a row limit, EclipseLink built
 * its SQL again at every create, a sixth of a create's time (docs/stack.md): no statement of a create is built
 * again once every shape of the check has run.
 */
class CustomerCreatePreparationTest {

    @OnEveryDatabase
    void creatingCustomersAgainPreparesNoQuery(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        db.as(ada, () -> db.store.create(company("Warm Up", "warm@up.example", "010-1000 0000"), false));
        db.as(ada, () -> db.store.create(company("Warm Up Plain"), false));

        int preparations = db.queryPreparations(() -> {
            for (int i = 1; i <= 3; i++) {
                String suffix = String.valueOf(i);
                db.as(ada, () -> db.store.create(company("Acme " + suffix, "sales" + suffix + "@acme.example",
                        "010-2000 000" + suffix), false));
                db.as(ada, () -> db.store.create(company("Plain " + suffix), false));
            }
        });
        assertThat(preparations).as("queries prepared again for creates").isZero();
    }
}
