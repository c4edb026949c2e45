package io.relata.core.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

import io.relata.api.job.JobContext;
import io.relata.api.job.JobWork;
import io.relata.api.security.UserPrincipal;
import io.relata.core.jobs.JobStore.Progress;

/**
 * A job this node has queued or runs, as its work sees it. Reports only change memory; the service's progress
 * writer stores them every half second, so the work may report once per item without slowing down.
 */
final class RunningJob implements JobContext {

    private final String id;
    private final String kind;
    private final UserPrincipal submitter;
    private final JobWork work;

    private Progress progress = Progress.NONE;
    /** Counts the reports, so the writer stores only what changed since its last write. */
    private long reported;
    private long saved;

    private volatile boolean cancelRequested;
    private volatile boolean stopRequested;
    private volatile boolean sawCancel;
    private volatile boolean sawStop;

    RunningJob(String id, String kind, UserPrincipal submitter, JobWork work) {
        this.id = id;
        this.kind = kind;
        this.submitter = submitter;
        this.work = work;
    }

    String kind() {
        return kind;
    }

    UserPrincipal submitter() {
        return submitter;
    }

    JobWork work() {
        return work;
    }

    // ---- JobContext ----------------------------------------------------------------------------------------

    @Override
    public String jobId() {
        return id;
    }

    @Override
    public void total(long total) {
        if (total < -1) {
            throw new IllegalArgumentException("a job's total is -1 (unknown) or more: " + total);
        }
        synchronized (this) {
            Progress now = progress;
            report(new Progress(total, now.processed(), now.succeeded(), now.failed(), now.message(), now.result()));
        }
    }

    @Override
    public void progress(long processed, long succeeded, long failed) {
        if (processed < 0 || succeeded < 0 || failed < 0) {
            throw new IllegalArgumentException("a job's counts are never negative: processed " + processed
                    + ", succeeded " + succeeded + ", failed " + failed);
        }
        synchronized (this) {
            Progress now = progress;
            report(new Progress(now.total(), processed, succeeded, failed, now.message(), now.result()));
        }
    }

    @Override
    public void message(String text) {
        String line = OneLine.of(text, JobStore.MAX_MESSAGE);
        synchronized (this) {
            Progress now = progress;
            report(new Progress(now.total(), now.processed(), now.succeeded(), now.failed(), line, now.result()));
        }
    }

    @Override
    public void result(Map<String, Object> summary) {
        // written as JSON now, so a summary that cannot be stored fails in the work, where its author looks
        String json = summary == null || summary.isEmpty() ? null : JobStore.toJson(summary);
        synchronized (this) {
            Progress now = progress;
            report(new Progress(now.total(), now.processed(), now.succeeded(), now.failed(), now.message(), json));
        }
    }

    @Override
    public boolean cancelled() {
        if (stopRequested) {
            sawStop = true;
            return true;
        }
        if (cancelRequested) {
            sawCancel = true;
            return true;
        }
        return false;
    }

    // ---- the service's side --------------------------------------------------------------------------------

    private void report(Progress next) {
        progress = next;
        reported++;
    }

    synchronized Progress progress() {
        return progress;
    }

    /** Hands what the work reported since the last call to the writer, if anything; the work keeps reporting meanwhile. */
    void saveIfChanged(BiConsumer<String, Progress> writer) {
        Progress snapshot;
        long version;
        synchronized (this) {
            if (reported == saved) {
                return;
            }
            snapshot = progress;
            version = reported;
        }
        writer.accept(id, snapshot);
        synchronized (this) {
            saved = Math.max(saved, version);
        }
    }

    void requestCancel() {
        cancelRequested = true;
    }

    /** The server stops: the work should end soon, and the job fails rather than looking cancelled by someone. */
    void requestStop() {
        stopRequested = true;
    }

    /** @return whether the work learnt that someone cancelled the job, and so may have stopped early */
    boolean sawCancel() {
        return sawCancel;
    }

    /** @return whether the work learnt that the server stops, and so may have stopped early */
    boolean sawStop() {
        return sawStop;
    }

    @Override
    public String toString() {
        return Objects.toString(kind) + " job " + id;
    }
}
