package io.relata.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;
import io.relata.api.rest.ProblemException;
import io.relata.core.jobs.JobResource.JobView;

class JobResourceTest {

    @OnEveryDatabase
    void aJobIsAnsweredWithItsPercentToItsOwnerOnly(JobsFixture fixture) {
        JobResource resource = new JobResource(fixture.jobs, fixture.security);
        fixture.security.user("alice");
        fixture.security.user("bob");
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> {
            context.total(4);
            context.progress(1, 1, 0);
        }));
        fixture.awaitFinished(job.id());

        JobView view = fixture.as("alice", () -> resource.one(job.id()));
        assertThat(view.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(view.percent()).isEqualTo(100);
        assertThat(view.processed()).isEqualTo(1);

        assertStatus(() -> fixture.as("bob", () -> resource.one(job.id())), 404);
        assertStatus(() -> fixture.as("alice", () -> resource.one("no-such-job")), 404);
    }

    @OnEveryDatabase
    void cancelAnswersTheJobThenItEndsAndASecondCancelIs409(JobsFixture fixture) throws InterruptedException {
        JobResource resource = new JobResource(fixture.jobs, fixture.security);
        fixture.security.user("alice");
        CountDownLatch started = new CountDownLatch(1);
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> {
            started.countDown();
            while (!context.cancelled()) {
                Thread.sleep(5);
            }
        }));
        assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();

        JobView answer = fixture.as("alice", () -> resource.cancel(job.id()));

        assertThat(answer.id()).isEqualTo(job.id());
        assertThat(answer.state()).isIn(JobState.RUNNING, JobState.CANCELLED);
        assertThat(fixture.awaitFinished(job.id()).state()).isEqualTo(JobState.CANCELLED);
        assertStatus(() -> fixture.as("alice", () -> resource.cancel(job.id())), 409);
    }

    @OnEveryDatabase
    void cancellingSomeoneElsesJobNeedsTheManagePermission(JobsFixture fixture) throws InterruptedException {
        JobResource resource = new JobResource(fixture.jobs, fixture.security);
        fixture.security.user("alice");
        fixture.security.user("bob");
        fixture.security.user("auditor", JobService.READ_ALL);
        fixture.security.user("operator", JobService.MANAGE);
        CountDownLatch started = new CountDownLatch(1);
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> {
            started.countDown();
            while (!context.cancelled()) {
                Thread.sleep(5);
            }
        }));
        assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();

        assertStatus(() -> fixture.as("bob", () -> resource.cancel(job.id())), 404);
        assertStatus(() -> fixture.as("auditor", () -> resource.cancel(job.id())), 403);
        assertThat(fixture.security.denials).containsExactly(JobService.MANAGE);

        JobView answer = fixture.as("operator", () -> resource.cancel(job.id()));
        assertThat(answer.createdBy()).isEqualTo("id-alice");
        assertThat(fixture.awaitFinished(job.id()).state()).isEqualTo(JobState.CANCELLED);
    }

    @OnEveryDatabase
    void listingEveryonesJobsNeedsReadAllAndMineMustBeABoolean(JobsFixture fixture) {
        JobResource resource = new JobResource(fixture.jobs, fixture.security);
        fixture.security.user("alice");
        fixture.security.user("auditor", JobService.READ_ALL);
        JobStatus job = fixture.as("alice", () -> fixture.jobs.submit("customer.import", "Import", context -> { }));
        fixture.awaitFinished(job.id());

        assertThat(fixture.as("alice", () -> resource.list(null, null, null, null)).items())
                .extracting(JobView::id).containsExactly(job.id());
        assertThat(fixture.as("auditor", () -> resource.list("true", null, null, null)).items()).isEmpty();
        assertThat(fixture.as("auditor", () -> resource.list("false", " customer.import ", "10", null)).items())
                .extracting(JobView::id).containsExactly(job.id());
        assertStatus(() -> fixture.as("alice", () -> resource.list("false", null, null, null)), 403);
        assertStatus(() -> fixture.as("alice", () -> resource.list("yes", null, null, null)), 400);
        assertStatus(() -> fixture.as("alice", () -> resource.list(null, null, "0", null)), 400);
    }

    private static void assertStatus(ThrowingCallable call, int status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(status));
    }
}
