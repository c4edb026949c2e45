package io.relata.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.relata.api.job.JobContext;
import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;
import io.relata.api.job.JobWork;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;

class JobServiceTest {

    @OnEveryDatabase
    void workRunsAsTheSubmitterAndEndsSucceededWithItsCounts(JobsFixture fixture) {
        fixture.security.user("alice");
        List<String> ranAs = new CopyOnWriteArrayList<>();
        JobStatus queued = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import customers.csv",
                context -> {
                    ranAs.add(fixture.security.require().username());
                    context.total(3);
                    context.progress(3, 2, 1);
                    context.message("Imported 2 customers, rejected 1 row");
                    context.result(Map.of("created", 2, "rejectedRows", "/api/v1/files/rejected-1"));
                }));

        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.createdBy()).isEqualTo("id-alice");
        assertThat(fixture.stored(queued.id()).createdAt()).isEqualTo(queued.createdAt());

        JobStatus done = fixture.awaitFinished(queued.id());
        assertThat(ranAs).containsExactly("alice");
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.kind()).isEqualTo("customer.import");
        assertThat(done.title()).isEqualTo("Import customers.csv");
        assertThat(List.of(done.total(), done.processed(), done.succeeded(), done.failed()))
                .containsExactly(3L, 3L, 2L, 1L);
        assertThat(done.message()).isEqualTo("Imported 2 customers, rejected 1 row");
        assertThat(done.result()).isEqualTo(Map.of("created", 2, "rejectedRows", "/api/v1/files/rejected-1"));
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(fixture.as("alice", () -> fixture.jobs.find(queued.id()))).contains(done);
    }

    @OnEveryDatabase
    void theSystemsJobsRunAsTheSystem(JobsFixture fixture) throws Exception {
        List<String> ranAs = new CopyOnWriteArrayList<>();
        JobStatus job = fixture.security.runAsSystem(() -> fixture.jobs.submit("pool.reclaim", "Reclaim",
                context -> ranAs.add(fixture.security.require().id())));

        assertThat(fixture.awaitFinished(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(ranAs).containsExactly("system");
        assertThat(job.createdBy()).isEqualTo("system");
    }

    @OnEveryDatabase
    void nobodySignedInCannotSubmit(JobsFixture fixture) {
        assertThatThrownBy(() -> fixture.jobs.submit("customer.import", "Import", context -> { }))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(401));
        fixture.security.user("alice");
        assertThatThrownBy(() -> fixture.as("alice", () -> fixture.jobs.submit(" ", "Import", context -> { })))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @OnEveryDatabase
    void workThatThrowsEndsFailedWithTheFirstLineOfItsMessage(JobsFixture fixture) {
        fixture.security.user("alice");
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> {
            context.total(10);
            context.progress(7, 6, 1);
            throw new IllegalStateException("row 7: the file ends inside a quoted value\n\tat the parser");
        }));

        JobStatus failed = fixture.awaitFinished(job.id());

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.message()).isEqualTo("row 7: the file ends inside a quoted value");
        assertThat(failed.processed()).as("what it did before failing stays").isEqualTo(7);
        assertThat(failed.finishedAt()).isNotNull();
    }

    @OnEveryDatabase
    void aSubmitterWhoIsNoLongerActiveFailsTheJob(JobsFixture fixture) {
        fixture.security.user("alice");
        fixture.transactions.begin();
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> { }));
        fixture.security.disable("alice");
        fixture.transactions.commit();

        JobStatus failed = fixture.awaitFinished(job.id());

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.message()).isEqualTo("no active user alice");
    }

    @OnEveryDatabase
    void aResultTooLargeToKeepFailsTheJobInsteadOfVanishing(JobsFixture fixture) {
        fixture.security.user("alice");
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import",
                context -> context.result(Map.of("everyRow", "x".repeat(JobStore.MAX_RESULT)))));

        JobStatus failed = fixture.awaitFinished(job.id());

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.message()).startsWith("a job result is a small summary of at most 8000 characters");
    }

    @OnEveryDatabase
    void aJobSubmittedInATransactionStartsOnlyOnceItCommits(JobsFixture fixture) {
        fixture.security.user("alice");
        AtomicBoolean ran = new AtomicBoolean();
        fixture.transactions.begin();
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import",
                context -> ran.set(true)));

        JobsFixture.pause(Duration.ofMillis(300));
        assertThat(ran).isFalse();
        assertThat(fixture.stored(job.id()).state()).isEqualTo(JobState.QUEUED);

        fixture.transactions.commit();
        assertThat(fixture.awaitFinished(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(ran).isTrue();
    }

    @OnEveryDatabase
    void progressIsStoredWhileTheWorkRuns(JobsFixture fixture) throws InterruptedException {
        fixture.security.user("alice");
        CountDownLatch finish = new CountDownLatch(1);
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> {
            context.total(10);
            context.progress(4, 3, 1);
            context.message("reading row 5");
            context.result(Map.of("created", 3));
            await(finish);
        }));

        JobStatus running = fixture.await(job.id(), status -> !status.result().isEmpty(),
                "its progress stored");

        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(List.of(running.total(), running.succeeded(), running.failed())).containsExactly(10L, 3L, 1L);
        assertThat(running.percent()).isEqualTo(40);
        assertThat(running.message()).isEqualTo("reading row 5");
        assertThat(running.result()).isEqualTo(Map.of("created", 3));
        finish.countDown();
        assertThat(fixture.awaitFinished(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @OnEveryDatabase
    void progressReportedPerItemIsWrittenAtMostEveryInterval(JobsFixture fixture) {
        fixture.security.user("alice");
        long started = System.nanoTime();
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> {
            for (int round = 1; round <= 5; round++) {
                for (int item = 1; item <= 10_000; item++) {
                    context.progress((round - 1) * 10_000L + item, (round - 1) * 10_000L + item, 0);
                }
                JobsFixture.pause(Duration.ofMillis(60));
            }
        }));

        JobStatus done = fixture.awaitFinished(job.id());
        long intervals = Duration.ofNanos(System.nanoTime() - started).toMillis()
                / JobsFixture.PROGRESS_INTERVAL.toMillis();

        assertThat(done.processed()).isEqualTo(50_000);
        assertThat(fixture.store.progressWrites.get()).as("50,000 reports").isBetween(1, (int) intervals + 1);
    }

    @OnEveryDatabase
    void cancellingARunningJobEndsItCancelledOnceTheWorkNotices(JobsFixture fixture) throws InterruptedException {
        fixture.security.user("alice");
        CountDownLatch started = new CountDownLatch(1);
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import",
                untilCancelled(started)));
        await(started);

        assertThat(fixture.as("alice", () -> fixture.jobs.cancel(job.id()))).isTrue();

        JobStatus cancelled = fixture.awaitFinished(job.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.message()).isEqualTo(JobService.CANCELLED);
        assertThat(cancelled.processed()).isPositive();
        assertThat(fixture.as("alice", () -> fixture.jobs.cancel(job.id()))).as("finished already").isFalse();
    }

    @OnEveryDatabase
    void workThatEndsWithoutNoticingTheCancellationSucceeds(JobsFixture fixture) throws InterruptedException {
        fixture.security.user("alice");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> {
            started.countDown();
            await(finish);
            context.message("all done");
        }));
        await(started);

        assertThat(fixture.as("alice", () -> fixture.jobs.cancel(job.id()))).isTrue();
        finish.countDown();

        JobStatus done = fixture.awaitFinished(job.id());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.message()).isEqualTo("all done");
    }

    @OnEveryDatabase
    void aQueuedJobIsCancelledAtOnceAndNeverRuns(JobsFixture fixture) throws InterruptedException {
        fixture.security.user("alice");
        JobService oneWorker = fixture.startNode(new NodeIdentity("small-host", "its-run"), 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        JobStatus first = fixture.as("alice", () -> oneWorker.submit("customer.import", "First", context -> {
            started.countDown();
            await(finish);
        }));
        await(started);
        JobStatus second = fixture.as("alice", () -> oneWorker.submit("customer.import", "Second",
                context -> secondRan.set(true)));

        assertThat(fixture.as("alice", () -> oneWorker.cancel(second.id()))).isTrue();

        JobStatus cancelled = fixture.stored(second.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.message()).isEqualTo(JobService.CANCELLED_BEFORE_START);
        assertThat(cancelled.startedAt()).isNull();
        assertThat(cancelled.finishedAt()).isNotNull();
        finish.countDown();
        assertThat(fixture.awaitFinished(first.id()).state()).isEqualTo(JobState.SUCCEEDED);
        JobsFixture.pause(Duration.ofMillis(200));
        assertThat(secondRan).isFalse();
        assertThat(fixture.stored(second.id())).isEqualTo(cancelled);
    }

    @OnEveryDatabase
    void aCancelTakenByAnotherNodeReachesTheWork(JobsFixture fixture) throws InterruptedException {
        fixture.security.user("alice");
        JobService otherNode = fixture.startNode(new NodeIdentity("other-host:/opt/relata", "other-run"), 2);
        CountDownLatch started = new CountDownLatch(1);
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import",
                untilCancelled(started)));
        await(started);

        assertThat(fixture.as("alice", () -> otherNode.find(job.id()))).isPresent();
        assertThat(fixture.as("alice", () -> otherNode.cancel(job.id()))).isTrue();

        assertThat(fixture.awaitFinished(job.id()).state()).isEqualTo(JobState.CANCELLED);
    }

    @OnEveryDatabase
    void othersJobsAreNotFoundUnlessTheCallerMayReadAll(JobsFixture fixture) {
        fixture.security.user("alice");
        fixture.security.user("bob");
        fixture.security.user("auditor", JobService.READ_ALL);
        fixture.security.user("admin", "*");
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> { }));
        JobStatus done = fixture.awaitFinished(job.id());

        assertThat(fixture.as("bob", () -> fixture.jobs.find(job.id()))).isEmpty();
        assertThat(fixture.as("auditor", () -> fixture.jobs.find(job.id()))).contains(done);
        assertThat(fixture.as("admin", () -> fixture.jobs.find(job.id()))).contains(done);
        assertThat(fixture.jobs.find(job.id())).as("nobody signed in").isEmpty();
        assertThat(fixture.as("alice", () -> fixture.jobs.find("no-such-job"))).isEmpty();
    }

    @OnEveryDatabase
    void othersJobsAreCancelledOnlyWithTheManagePermission(JobsFixture fixture) throws InterruptedException {
        fixture.security.user("alice");
        fixture.security.user("bob");
        fixture.security.user("auditor", JobService.READ_ALL);
        fixture.security.user("operator", JobService.MANAGE);
        CountDownLatch started = new CountDownLatch(1);
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import",
                untilCancelled(started)));
        await(started);

        assertThat(fixture.as("bob", () -> fixture.jobs.cancelForCaller(job.id())))
                .isEqualTo(JobService.CancelOutcome.NOT_FOUND);
        assertThat(fixture.as("auditor", () -> fixture.jobs.cancelForCaller(job.id())))
                .isEqualTo(JobService.CancelOutcome.NOT_ALLOWED);
        assertThat(fixture.as("auditor", () -> fixture.jobs.cancel(job.id()))).isFalse();
        assertThat(fixture.stored(job.id()).state()).isEqualTo(JobState.RUNNING);

        assertThat(fixture.as("operator", () -> fixture.jobs.cancel(job.id()))).isTrue();
        assertThat(fixture.awaitFinished(job.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(fixture.as("operator", () -> fixture.jobs.cancelForCaller(job.id())))
                .isEqualTo(JobService.CancelOutcome.FINISHED);
    }

    @OnEveryDatabase
    void listsShowTheCallersJobsNewestFirstAndEveryonesOnlyWithReadAll(JobsFixture fixture) {
        fixture.security.user("alice");
        fixture.security.user("bob");
        fixture.security.user("auditor", JobService.READ_ALL);
        JobStatus first = submitNow(fixture, "alice", "customer.import");
        JobStatus second = submitNow(fixture, "alice", "customer.export");
        JobStatus bobs = submitNow(fixture, "bob", "customer.import");
        JobStatus third = submitNow(fixture, "alice", "customer.import");

        Page<JobStatus> page = fixture.as("alice", () -> fixture.jobs.list(true, null,
                new PageRequest(2, null)));
        assertThat(page.items()).extracting(JobStatus::id).containsExactly(third.id(), second.id());
        Page<JobStatus> rest = fixture.as("alice", () -> fixture.jobs.list(true, null,
                PageRequest.of("2", page.nextCursor())));
        assertThat(rest.items()).extracting(JobStatus::id).containsExactly(first.id());
        assertThat(rest.nextCursor()).isNull();

        assertThat(fixture.as("alice", () -> fixture.jobs.list(true, "customer.import",
                new PageRequest(10, null))).items())
                .extracting(JobStatus::id).containsExactly(third.id(), first.id());
        assertThat(fixture.as("auditor", () -> fixture.jobs.list(false, null,
                new PageRequest(10, null))).items())
                .extracting(JobStatus::id).containsExactly(third.id(), bobs.id(), second.id(), first.id());
        assertThatThrownBy(() -> fixture.as("alice", () -> fixture.jobs.list(false, null,
                new PageRequest(10, null))))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(403));
    }

    @OnEveryDatabase
    void aRestartedServerFailsTheJobsItsEarlierRunLeftUnfinished(JobsFixture fixture) {
        NodeIdentity earlierRun = new NodeIdentity(fixture.node.name(), "earlier-run");
        NodeIdentity otherServer = new NodeIdentity("other-host:/opt/relata", "its-run");
        JobStatus running = fixture.insert(JobState.RUNNING, earlierRun, "id-alice");
        JobStatus queued = fixture.insert(JobState.QUEUED, earlierRun, "id-alice");
        JobStatus finished = fixture.insert(JobState.SUCCEEDED, earlierRun, "id-alice");
        JobStatus elsewhere = fixture.insert(JobState.RUNNING, otherServer, "id-alice");

        fixture.startNode(new NodeIdentity(fixture.node.name(), "this-run"), 1);

        for (JobStatus orphan : List.of(running, queued)) {
            JobStatus recovered = fixture.stored(orphan.id());
            assertThat(recovered.state()).isEqualTo(JobState.FAILED);
            assertThat(recovered.message()).isEqualTo("the server stopped while the job ran");
            assertThat(recovered.finishedAt()).isNotNull();
        }
        assertThat(fixture.stored(finished.id())).isEqualTo(finished);
        assertThat(fixture.stored(elsewhere.id())).as("another server's job").isEqualTo(elsewhere);
    }

    @OnEveryDatabase
    void aStoppingServerAsksItsWorkToStopAndFailsWhatItDoesNotFinish(JobsFixture fixture)
            throws InterruptedException {
        fixture.security.user("alice");
        JobService stopping = fixture.startNode(new NodeIdentity("stopping-host", "its-run"), 1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean queuedRan = new AtomicBoolean();
        JobStatus running = fixture.as("alice", () -> stopping.submit("customer.import", "Running",
                untilCancelled(started)));
        JobStatus queued = fixture.as("alice", () -> stopping.submit("customer.import", "Queued",
                context -> queuedRan.set(true)));
        await(started);

        stopping.deactivate();

        for (JobStatus job : List.of(running, queued)) {
            JobStatus stopped = fixture.stored(job.id());
            assertThat(stopped.state()).isEqualTo(JobState.FAILED);
            assertThat(stopped.message()).isEqualTo(JobService.SERVER_STOPPED);
        }
        assertThat(queuedRan).isFalse();
        assertThatThrownBy(() -> fixture.as("alice", () -> stopping.submit("customer.import", "Late", c -> { })))
                .isInstanceOf(IllegalStateException.class);
    }

    @OnEveryDatabase
    void workThatIgnoresTheStopIsInterruptedAfterTheGraceAndFails(JobsFixture fixture)
            throws InterruptedException {
        fixture.security.user("alice");
        JobService stopping = fixture.startNode(new NodeIdentity("stopping-host", "its-run"), 1);
        CountDownLatch started = new CountDownLatch(1);
        JobStatus stubborn = fixture.as("alice", () -> stopping.submit("customer.import", "Stubborn", context -> {
            started.countDown();
            Thread.sleep(60_000);
        }));
        await(started);

        long before = System.nanoTime();
        stopping.deactivate();

        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(JobsFixture.STOP_GRACE.plusSeconds(3));
        JobStatus stopped = fixture.stored(stubborn.id());
        assertThat(stopped.state()).isEqualTo(JobState.FAILED);
        assertThat(stopped.message()).isEqualTo(JobService.SERVER_STOPPED);
    }

    /** Reports an item every few milliseconds until it learns it is cancelled. */
    private static JobWork untilCancelled(CountDownLatch started) {
        return context -> {
            long items = 0;
            do {
                context.progress(++items, items, 0);
                started.countDown(); // only once something is reported, which the cancelled job must keep
                Thread.sleep(5);
            } while (!context.cancelled());
        };
    }

    private static JobStatus submitNow(JobsFixture fixture, String username, String kind) {
        fixture.clock.advance(Duration.ofSeconds(1));
        JobStatus job = fixture.as(username, () -> fixture.jobs.submit(kind, kind, (JobContext context) -> { }));
        fixture.awaitFinished(job.id());
        return job;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(15, TimeUnit.SECONDS)) {
            throw new AssertionError("the work did not get there in time");
        }
    }
}
