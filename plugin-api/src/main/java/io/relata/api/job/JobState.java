package io.relata.api.job;

/** Where a background job is in its life. */
public enum JobState {
    /** Submitted; waits for a free worker. */
    QUEUED,
    RUNNING,
    SUCCEEDED,
    /** The work threw, or the server stopped while it ran; the job's message says which. */
    FAILED,
    /** Someone cancelled it and the work noticed, or it was cancelled before it started. */
    CANCELLED;

    /** @return whether the job has ended and its status will no longer change */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
