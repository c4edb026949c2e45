package io.relata.api.job;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs work in the background and keeps its status. Statuses are stored, so any node of a cluster answers
 * {@link #find} for a job that runs on another, and they remain readable for a retention period after the job
 * was submitted (30 days unless configured otherwise).
 */
@ProviderType
public interface Jobs {

    /**
     * Queues the work; it runs on the platform's job executor (a few threads, so jobs may wait QUEUED) as the
     * calling user, or as the system when the system calls. Inside a transaction the job is stored in it and
     * starts only once it commits; a rollback discards the job.
     *
     * @param kind  what sort of job this is, {@code module.what}, e.g. {@code customer.import}
     * @param title what a person recognises the job by, e.g. {@code Import customers.csv}
     * @return the QUEUED job
     * @throws io.relata.api.rest.ProblemException 401 when no user is signed in
     */
    JobStatus submit(String kind, String title, JobWork work);

    /**
     * @return the job, when the caller submitted it or has the permission {@code jobs:read-all}; empty for
     *         an unknown job and for anyone else's
     */
    Optional<JobStatus> find(String id);

    /**
     * Asks the job to stop: a queued job ends CANCELLED at once, a running one when its work notices
     * ({@link JobContext#cancelled()}), on whichever node it runs.
     *
     * @return whether the job was queued or running and is being cancelled; {@code false} when it has finished
     *         already, is unknown, or is someone else's and the caller lacks the permission {@code jobs:manage}
     */
    boolean cancel(String id);
}
