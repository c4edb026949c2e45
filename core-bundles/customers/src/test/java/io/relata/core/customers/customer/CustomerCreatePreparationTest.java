package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.persistence.jpa.JpaHelper;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.sessions.SessionProfiler;
import org.eclipse.persistence.sessions.SessionProfilerAdapter;
import org.eclipse.persistence.sessions.server.Server;

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

        AtomicInteger preparations = new AtomicInteger();
        Server session = JpaHelper.getServerSession(db.factory);
        session.setProfiler(new SessionProfilerAdapter() {
            @Override
            public void startOperationProfile(String operation, DatabaseQuery query, int weight) {
                if (SessionProfiler.QueryPreparation.equals(operation)) {
                    preparations.incrementAndGet();
                }
            }
        });
        try {
            for (int i = 1; i <= 3; i++) {
                String suffix = String.valueOf(i);
                db.as(ada, () -> db.store.create(company("Acme " + suffix, "sales" + suffix + "@acme.example",
                        "010-2000 000" + suffix), false));
                db.as(ada, () -> db.store.create(company("Plain " + suffix), false));
            }
        } finally {
            session.setProfiler(null);
        }
        assertThat(preparations.get()).as("queries prepared again for creates").isZero();
    }
}
