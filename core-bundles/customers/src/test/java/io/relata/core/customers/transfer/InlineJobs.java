package io.relata.core.customers.transfer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

import io.relata.api.job.JobContext;
import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;
import io.relata.api.job.JobWork;
import io.relata.api.job.Jobs;
import io.relata.api.security.CurrentUser;

/**
 * The jobs service as imports use it, running the work inline on the caller's thread, as the caller: submit
 * returns once the job has ended. Ends jobs as the platform does: returning SUCCEEDED (CANCELLED once the work
 * saw a cancellation), throwing FAILED with the first line of the message.
 */
final class InlineJobs implements Jobs {

    private final CurrentUser currentUser;
    private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
    /** Answers {@link JobContext#cancelled()} from the items processed so far; never, unless a test says so. */
    volatile LongPredicate cancelWhenProcessed = processed -> false;

    InlineJobs(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @Override
    public JobStatus submit(String kind, String title, JobWork work) {
        String me = currentUser.require().id();
        Context context = new Context(UUID.randomUUID().toString());
        JobStatus queued = new JobStatus(context.id, kind, title, JobState.QUEUED, -1, 0, 0, 0, null, Map.of(), me,
                Instant.now(), null, null);
        jobs.put(context.id, queued);
        JobState state;
        try {
            work.run(context);
            state = context.sawCancel ? JobState.CANCELLED : JobState.SUCCEEDED;
        } catch (Exception e) {
            state = JobState.FAILED;
            context.message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        }
        JobStatus ended = new JobStatus(context.id, kind, title, state, context.total, context.processed,
                context.succeeded, context.failed, context.message, context.result, me, queued.createdAt(),
                queued.createdAt(), Instant.now());
        jobs.put(context.id, ended);
        return queued;
    }

    @Override
    public Optional<JobStatus> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public boolean cancel(String id) {
        return false;
    }

    private final class Context implements JobContext {
        final String id;
        long total = -1;
        long processed;
        long succeeded;
        long failed;
        String message;
        Map<String, Object> result = Map.of();
        boolean sawCancel;

        Context(String id) {
            this.id = id;
        }

        @Override
        public String jobId() {
            return id;
        }

        @Override
        public void total(long total) {
            this.total = total;
        }

        @Override
        public void progress(long processed, long succeeded, long failed) {
            this.processed = processed;
            this.succeeded = succeeded;
            this.failed = failed;
        }

        @Override
        public void message(String text) {
            this.message = text;
        }

        @Override
        public void result(Map<String, Object> summary) {
            this.result = new LinkedHashMap<>(summary);
        }

        @Override
        public boolean cancelled() {
            sawCancel |= cancelWhenProcessed.test(processed);
            return sawCancel;
        }
    }
}
