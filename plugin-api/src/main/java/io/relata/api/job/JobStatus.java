package io.relata.api.job;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A background job as last stored: what it is, how far it got and how it ended.
 *
 * @param id         the job's id
 * @param kind       what sort of job, {@code module.what}, e.g. {@code customer.import}
 * @param title      what a person recognises the job by, e.g. {@code Import customers.csv}
 * @param state      where the job is in its life
 * @param total      how many items the work will process, {@code -1} while unknown
 * @param processed  items handled so far, whatever the outcome
 * @param succeeded  items handled successfully
 * @param failed     items rejected
 * @param message    one short line for people: what the work does or did, or why the job failed; may be
 *                   {@code null}
 * @param result     the work's small summary, e.g. counts and links; empty until the work reports one
 * @param createdBy  id of the user who submitted the job ({@code system} for the platform itself)
 * @param createdAt  when it was submitted (UTC)
 * @param startedAt  when a worker started it, or {@code null} while queued
 * @param finishedAt when it ended, or {@code null} until then
 */
public record JobStatus(String id, String kind, String title, JobState state, long total, long processed,
                        long succeeded, long failed, String message, Map<String, Object> result, String createdBy,
                        Instant createdAt, Instant startedAt, Instant finishedAt) {

    public JobStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        // a copy that keeps the work's order and allows null values, which Map.copyOf refuses
        result = result == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(result));
    }

    /**
     * Not named like a getter, so JSON mappers that serialise records by their components leave it out.
     *
     * @return how far the job got, 0 to 100, rounded down so that 100 means every item is processed (or the job
     *         succeeded); {@code -1} while the total is unknown
     */
    public int percent() {
        if (total < 0) {
            return -1;
        }
        if (state == JobState.SUCCEEDED || processed >= total) {
            return 100;
        }
        return (int) (100 * Math.max(processed, 0) / total);
    }

    /** @return whether the job has ended and this status will no longer change */
    public boolean finished() {
        return state.finished();
    }
}
