package io.relata.api.job;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a background job does, e.g. read a CSV file and create a customer per row. It runs on a worker thread
 * as the user who submitted it, outside any transaction: the work opens the transactions it needs, usually one
 * per batch, so that a long import neither holds locks for minutes nor loses everything to one bad row.
 */
@ConsumerType
@FunctionalInterface
public interface JobWork {

    /**
     * Does the work, reporting progress through the context and stopping early once
     * {@link JobContext#cancelled()} answers {@code true}. Returning ends the job SUCCEEDED (or CANCELLED, when
     * it saw the cancellation); throwing ends it FAILED with the exception's message.
     */
    void run(JobContext context) throws Exception;
}
