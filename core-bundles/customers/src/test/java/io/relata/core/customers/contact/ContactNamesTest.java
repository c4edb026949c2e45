package io.relata.core.customers.contact;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.persistence.EntityManager;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.customer.Contact;
import io.relata.api.customer.Customer;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/** {@code core_customer.contact_name_keys}, as {@link ContactNames} keeps it. */
class ContactNamesTest {

    static Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theKeysAreTheLiveContactsOneALineAndNothingWithoutAny(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        ContactStore contacts = ContactFixture.contacts(db);
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), true));
        assertThat(keys(db, acme.id())).isNull();

        Contact li = ContactFixture.add(db, contacts, ada, acme.id(), "Wei", "Li", null, true);
        ContactFixture.add(db, contacts, ada, acme.id(), "Ann", "Kim", null, false);
        assertThat(keys(db, acme.id())).isEqualTo("ann kim / kim ann / kimann\nwei li / li wei / liwei");

        ContactFixture.delete(db, contacts, ada, li.id());
        assertThat(keys(db, acme.id())).isEqualTo("ann kim / kim ann / kimann");
        ContactFixture.delete(db, contacts, ada,
                db.as(ada, () -> contacts.ofCustomer(acme.id())).get(0).id());
        assertThat(keys(db, acme.id())).as("no live contact").isNull();
    }

    /**
     * Two transactions add a contact to one customer at the same time. The second waits for the first's lock on
     * the customer, and reads the contacts only once it has it: both names are kept.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoTransactionsAddingContactsToOneCustomerKeepBothNames(CustomerFixture db) throws Exception {
        TestUser ada = db.rep("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme"), true));
        EntityManager first = db.factory.createEntityManager();
        EntityManager second = db.factory.createEntityManager();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            first.getTransaction().begin();
            insertContact(first, "k1", acme.id(), "ann");
            ContactNames.refresh(first, List.of(acme.id()));
            Future<?> waiting = other.submit(() -> {
                second.getTransaction().begin();
                insertContact(second, "k2", acme.id(), "bob");
                ContactNames.refresh(second, List.of(acme.id()));
                second.getTransaction().commit();
            });
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (blockedSessions(db) == 0) {
                assertThat(System.nanoTime()).as("the second transaction waits for the first").isLessThan(until);
                assertThat(waiting.isDone()).as("the second transaction waits for the first").isFalse();
                Thread.sleep(10);
            }
            first.getTransaction().commit();
            waiting.get(30, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
            for (EntityManager em : List.of(first, second)) {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        }
        assertThat(keys(db, acme.id())).isEqualTo("ann\nbob");
    }

    private static void insertContact(EntityManager em, String id, String customerId, String nameKey) {
        em.createNativeQuery("INSERT INTO core_contact (id, customer_id, first_name, name_key, is_primary,"
                + " do_not_contact, marketing_opt_out, created_at, created_by, updated_at, updated_by, version)"
                + " VALUES (?, ?, ?, ?, FALSE, FALSE, FALSE, CURRENT_TIMESTAMP, 'test', CURRENT_TIMESTAMP, 'test', 1)")
                .setParameter(1, id).setParameter(2, customerId).setParameter(3, nameKey).setParameter(4, nameKey)
                .executeUpdate();
    }

    /** Sessions waiting for another's lock. */
    private static long blockedSessions(CustomerFixture db) {
        EntityManager em = db.factory.createEntityManager();
        try {
            String sql = db.isPostgres()
                    ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND wait_event_type = 'Lock'"
                    : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
            return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
        } finally {
            em.close();
        }
    }

    private static String keys(CustomerFixture db, String customerId) {
        EntityManager em = db.factory.createEntityManager();
        try {
            return (String) em.createNativeQuery("SELECT contact_name_keys FROM core_customer WHERE id = ?")
                    .setParameter(1, customerId).getSingleResult();
        } finally {
            em.close();
        }
    }
}
