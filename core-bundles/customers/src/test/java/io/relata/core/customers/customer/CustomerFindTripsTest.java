package io.relata.core.customers.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.relata.api.customer.Customer;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/**
 * Reading one customer is the API's most frequent request: it costs one trip to the database, the customer and its
 * tags together, when the record type has no custom field (with some, one more for the values).
 */
class CustomerFindTripsTest {

    private static CustomerFields tagged(String name) {
        return new CustomerFields(null, name, null, null, null, null, null, null, null, List.of("vip", "east"), null,
                null, null, null, null);
    }

    @OnEveryDatabase
    void aCustomerAndItsTagsAreReadInOneTrip(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        Customer created = db.as(ada, () -> db.store.create(tagged("Acme Trading"), true));
        db.factory.getCache().evictAll();
        db.statements.reset();

        Customer read = db.as(ada, () -> db.store.find(created.id())).orElseThrow();

        assertThat(read.tags()).containsExactly("east", "vip");
        assertThat(read).usingRecursiveComparison().isEqualTo(created);
        assertThat(db.statements.roundTrips.get()).as("trips to read a customer that is not in the cache")
                .isEqualTo(1);
    }

    /** Preparing a query (building its SQL) cost a tenth of a GET when em.find was given a join-fetch hint. */
    @OnEveryDatabase
    void readingCustomersAgainPreparesNoQuery(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        Customer first = db.as(ada, () -> db.store.create(tagged("Acme Trading"), true));
        Customer second = db.as(ada, () -> db.store.create(CustomerFixture.company("Plain Co"), true));
        db.as(ada, () -> db.store.find(first.id()));

        int preparations = db.queryPreparations(() -> {
            for (int i = 0; i < 3; i++) {
                db.factory.getCache().evictAll();
                assertThat(db.as(ada, () -> db.store.find(first.id()))).isPresent();
                assertThat(db.as(ada, () -> db.store.find(second.id()))).isPresent();
            }
        });
        assertThat(preparations).as("queries prepared again for reads of customers").isZero();
    }

    @OnEveryDatabase
    void aCustomerWithoutTagsIsFoundToo(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        Customer created = db.as(ada, () -> db.store.create(CustomerFixture.company("Plain Co"), true));
        db.factory.getCache().evictAll();

        assertThat(db.as(ada, () -> db.store.find(created.id()))).hasValueSatisfying(read -> {
            assertThat(read.tags()).isEmpty();
            assertThat(read).usingRecursiveComparison().isEqualTo(created);
        });
    }

    @OnEveryDatabase
    void aChangeIsSeenByTheNextRead(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        Customer created = db.as(ada, () -> db.store.create(tagged("Acme Trading"), true));
        db.as(ada, () -> db.store.find(created.id()));

        Customer changed = db.as(ada, () -> db.store.change(created.id(), "\"" + created.version() + "\"",
                fields -> new CustomerFields(fields.kind(), fields.name(), fields.legalName(), fields.industry(),
                        fields.website(), fields.phone(), fields.email(), fields.address(), fields.stage(),
                        List.of("west"), fields.ownerId(), fields.parentId(), fields.subsidiaryId(), fields.currency(),
                        fields.customFields()), true));

        Customer read = db.as(ada, () -> db.store.find(created.id())).orElseThrow();
        assertThat(read.tags()).containsExactly("west");
        assertThat(read.version()).isEqualTo(changed.version());
    }
}
