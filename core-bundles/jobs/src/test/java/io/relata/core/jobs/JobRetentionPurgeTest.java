package io.relata.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;

class JobRetentionPurgeTest {

    @OnEveryDatabase
    void jobsSubmittedMoreThanTheRetentionAgoAreDeleted(JobsFixture fixture) {
        JobRetentionPurge purge = new JobRetentionPurge(fixture.store, fixture.clock, Duration.ofDays(30));
        JobStatus old = fixture.insert(JobState.SUCCEEDED, fixture.node, "id-alice");
        JobStatus oldFailed = fixture.insert(JobState.FAILED, fixture.node, "id-bob");
        fixture.clock.advance(Duration.ofDays(29));
        JobStatus recent = fixture.insert(JobState.SUCCEEDED, fixture.node, "id-alice");
        fixture.clock.advance(Duration.ofDays(1));

        assertThat(purge.purge()).as("exactly 30 days old").isZero();

        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(purge.purge()).isEqualTo(2);
        assertThat(fixture.store.find(old.id())).isEmpty();
        assertThat(fixture.store.find(oldFailed.id())).isEmpty();
        assertThat(fixture.store.find(recent.id())).isPresent();
    }

    @OnEveryDatabase
    void theScheduledRunPurgesWithTheConfiguredRetention(JobsFixture fixture) {
        JobStatus weekOld = fixture.insert(JobState.CANCELLED, fixture.node, "id-alice");
        fixture.clock.advance(Duration.ofDays(8));
        JobStatus today = fixture.insert(JobState.SUCCEEDED, fixture.node, "id-alice");

        new JobRetentionPurge(fixture.store, fixture.clock, Duration.ofDays(7)).run();

        assertThat(fixture.store.find(weekOld.id())).isEmpty();
        assertThat(fixture.store.find(today.id())).isPresent();
    }
}
