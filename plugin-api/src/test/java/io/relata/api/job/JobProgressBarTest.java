package io.relata.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JobProgressBarTest {

    @Test
    void aKnownTotalShowsBarPercentAndCounts() {
        JobStatus status = running(10_000, 3_500, 3_480, 20);

        assertThat(JobProgressBar.render(status, 20))
                .isEqualTo("[#######-------------]  35%  3,500/10,000  ok 3,480  failed 20");
    }

    @Test
    void anUnknownTotalShowsOnlyCounts() {
        assertThat(JobProgressBar.render(running(-1, 3_500, 3_480, 20), 20))
                .isEqualTo("processed 3,500  ok 3,480  failed 20");
    }

    @Test
    void theBarIsFullOnlyWhenEveryItemIsProcessed() {
        assertThat(JobProgressBar.render(running(1_000, 999, 999, 0), 10))
                .isEqualTo("[#########-]  99%  999/1,000  ok 999  failed 0");
        assertThat(JobProgressBar.render(running(1_000, 1_000, 990, 10), 10))
                .isEqualTo("[##########] 100%  1,000/1,000  ok 990  failed 10");
        assertThat(JobProgressBar.render(running(1_000, 0, 0, 0), 10))
                .isEqualTo("[----------]   0%  0/1,000  ok 0  failed 0");
    }

    @Test
    void thePercentStaysInItsColumnWhenRedrawn() {
        int column = JobProgressBar.render(running(10, 10, 10, 0), 5).indexOf('%');

        assertThat(JobProgressBar.render(running(10, 1, 1, 0), 5).indexOf('%')).isEqualTo(column);
        assertThat(JobProgressBar.render(running(100, 0, 0, 0), 5).indexOf('%')).isEqualTo(column);
    }

    @Test
    void aBarNeedsRoom() {
        assertThatThrownBy(() -> JobProgressBar.render(running(10, 1, 1, 0), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentIsRoundedDownAndUnknownWithoutATotal() {
        assertThat(running(3, 2, 2, 0).percent()).isEqualTo(66);
        assertThat(running(-1, 2, 2, 0).percent()).isEqualTo(-1);
        assertThat(running(0, 0, 0, 0).percent()).as("nothing to do is done").isEqualTo(100);
        assertThat(running(10, 12, 12, 0).percent()).as("a work that miscounted").isEqualTo(100);
        assertThat(status(JobState.SUCCEEDED, 10, 7, 7, 0).percent()).isEqualTo(100);
        assertThat(status(JobState.FAILED, 10, 7, 7, 0).percent()).isEqualTo(70);
    }

    @Test
    void theResultIsACopyThatKeepsOrderAndAllowsNulls() {
        LinkedHashMap<String, Object> summary = new LinkedHashMap<>();
        summary.put("created", 3);
        summary.put("rejectedRows", null);
        JobStatus status = new JobStatus("j-1", "customer.import", "Import", JobState.SUCCEEDED, 3, 3, 3, 0, null,
                summary, "u-1", Instant.EPOCH, null, null);
        summary.put("later", true);

        assertThat(status.result().keySet()).containsExactly("created", "rejectedRows");
        assertThat(status.result().get("rejectedRows")).isNull();
        assertThat(status.finished()).isTrue();
        assertThat(JobState.RUNNING.finished()).isFalse();
    }

    private static JobStatus running(long total, long processed, long succeeded, long failed) {
        return status(JobState.RUNNING, total, processed, succeeded, failed);
    }

    private static JobStatus status(JobState state, long total, long processed, long succeeded, long failed) {
        return new JobStatus("j-1", "customer.import", "Import customers.csv", state, total, processed, succeeded,
                failed, null, Map.of(), "u-1", Instant.EPOCH, Instant.EPOCH, null);
    }
}
