package io.relata.core.customers.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.helper.ConcurrencyManager;
import org.eclipse.persistence.internal.identitymaps.CacheKey;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.jpa.JpaHelper;

import io.relata.api.customer.Customer;
import io.relata.api.rest.Page;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/**
 * EclipseLink locks a customer's entry in the shared cache while a thread builds the customer from a row, and a
 * list builds every customer of its page. Two users listing the same customers at once take turns at those
 * locks. EclipseLink 2.7.15 waits for such a lock by {@code Condition.await(waittime)}, and with its default
 * {@code eclipselink.concurrency.manager.waittime} of 0 that await returns at once: the waiting thread spun,
 * which took two fifths of a busy list's samples in a profile (docs/performance.md). The persistence unit sets a
 * wait time, so a waiting thread sleeps until the lock is released (the release signals it).
 */
class CustomerCacheLockTest {

    private static final long HOLD_MILLIS = 1_000;

    @OnEveryDatabase
    void aListWaitingForAnotherThreadsLockOnACustomerSleeps(CustomerFixture db) throws Exception {
        TestUser ada = db.admin("ada");
        Customer created = db.as(ada, () -> db.store.create(CustomerFixture.company("Acme Trading"), true));
        CustomerQuery everyone = CustomerFixture.query(Map.of());
        db.as(ada, () -> db.store.list(everyone, CustomerFixture.page(10)));

        AbstractSession session = (AbstractSession) JpaHelper.getServerSession(db.factory);
        ClassDescriptor descriptor = session.getDescriptor(CustomerEntity.class);
        CacheKey held = session.getIdentityMapAccessorInstance()
                .acquireLock(created.id(), CustomerEntity.class, descriptor, false);
        CompletableFuture<Page<Customer>> listed = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                listed.complete(db.as(ada, () -> db.store.list(everyone, CustomerFixture.page(10))));
            } catch (Throwable failure) {
                listed.completeExceptionally(failure);
            }
        }, "listing-reader");
        long cpuNanos;
        try {
            reader.start();
            waitUntilWaiting(reader, held);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long before = threads.getThreadCpuTime(reader.getId());
            Thread.sleep(HOLD_MILLIS);
            cpuNanos = threads.getThreadCpuTime(reader.getId()) - before;
            assertThat(listed).as("the list waits for the lock").isNotDone();
        } finally {
            held.release();
        }

        assertThat(listed.get(30, TimeUnit.SECONDS).items()).extracting(Customer::id).containsExactly(created.id());
        // a spinning thread has a core to itself on an idle machine, and some hundreds of ms on a busy one
        assertThat(Duration.ofNanos(cpuNanos)).as("processor time of the list while it waited %d ms", HOLD_MILLIS)
                .isLessThan(Duration.ofMillis(HOLD_MILLIS / 10));
    }

    private static void waitUntilWaiting(Thread reader, CacheKey held) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // building the customer takes the lock; copying the cached one into the unit of work takes a read lock
        while (ConcurrencyManager.getThreadsToWaitOnAcquire().get(reader) != held
                && ConcurrencyManager.getThreadsToWaitOnAcquireReadLock().get(reader) != held) {
            assertThat(reader.isAlive()).as("the list is still running").isTrue();
            assertThat(System.nanoTime()).as("the list reached the held lock in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
