package io.relata.core.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;
import io.relata.core.jobs.JobStore.Progress;
import io.relata.testing.Changelogs;
import io.relata.testing.MutableClock;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * The job service on a real database with its changelog applied, wired as DS would wire it: real worker
 * threads, a fake security service whose users the test makes up, a clock the test moves. Every connection is
 * a new one, as from the pool at runtime, since workers and the progress writer use the database at once.
 * JUnit closes it after the test, which stops every node it started.
 */
final class JobsFixture implements AutoCloseable {

    /** Short, so the tests that wait for a progress write do not wait long. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(100);
    static final Duration STOP_GRACE = Duration.ofSeconds(3);
    /** Long enough for the slowest CI machine; tests that pass return far sooner. */
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final TestDatabase database;
    private final List<JobService> nodes = new ArrayList<>();
    final MutableClock clock = new MutableClock();
    final FakeSecurity security = new FakeSecurity();
    final FakeTransactions transactions = new FakeTransactions();
    final CountingStore store;
    final NodeIdentity node = new NodeIdentity("test-host:/opt/relata", UUID.randomUUID().toString());
    final JobService jobs;

    /** The job store, counting the progress writes. */
    static final class CountingStore extends JobStore {
        final AtomicInteger progressWrites = new AtomicInteger();

        CountingStore(TestDatabase database) {
            super(database.dataSource());
        }

        @Override
        void saveProgress(String id, Progress progress) {
            progressWrites.incrementAndGet();
            super.saveProgress(id, progress);
        }
    }

    private JobsFixture(TestDatabase database) {
        this.database = database;
        this.store = new CountingStore(database);
        this.jobs = startNode(node, 2);
    }

    /** Fresh, migrated databases for {@link OnEveryDatabase}; PostgreSQL is looked for once H2 is done. */
    static Stream<JobsFixture> databases() {
        return TestDatabases.h2ThenPostgres()
                .map(database -> Changelogs.apply(new JobsSchema(), database))
                .map(JobsFixture::new);
    }

    /** Activates a job service as another server, or this one after a restart, would; stopped with the fixture. */
    JobService startNode(NodeIdentity identity, int threads) {
        JobService started = new JobService(store, security, security, transactions, clock, identity, threads,
                PROGRESS_INTERVAL, STOP_GRACE);
        nodes.add(started);
        return started;
    }

    /** Calls as the user, as the REST filter or console would bind them; checked exceptions fail the test. */
    <T> T as(String username, Callable<T> work) {
        try {
            return security.runAs(username, work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JobStatus stored(String id) {
        return store.find(id).orElseThrow(() -> new AssertionError("no job " + id + " in the table"));
    }

    /** @return the job once it has finished */
    JobStatus awaitFinished(String id) {
        return await(id, JobStatus::finished, "to finish");
    }

    /** @return the job once the stored status matches */
    JobStatus await(String id, Predicate<JobStatus> condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JobStatus job = stored(id);
        while (!condition.test(job)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " did not get " + what + " within " + PATIENCE.toSeconds()
                        + " s; it is " + job);
            }
            pause(Duration.ofMillis(20));
            job = stored(id);
        }
        return job;
    }

    /** Stores a job as a node would have, for states the test cannot easily produce by running work. */
    JobStatus insert(JobState state, NodeIdentity on, String createdBy) {
        Instant now = clock.instant();
        JobStatus job = new JobStatus(UUID.randomUUID().toString(), "test.job", "A job", state, -1, 0, 0, 0, null,
                Map.of(), createdBy, now, state == JobState.QUEUED ? null : now, state.finished() ? now : null);
        store.insert(job, on);
        return job;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(JobService::deactivate);
    }

    @Override
    public String toString() {
        return database.kind();
    }
}
