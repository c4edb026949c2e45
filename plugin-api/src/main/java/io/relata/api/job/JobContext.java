package io.relata.api.job;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The running job as its {@link JobWork} sees it. Every method is cheap enough to call once per record: the
 * platform keeps the latest values in memory and writes them to the database at most every half second, and
 * once more when the job ends, independently of the transactions the work runs.
 */
@ProviderType
public interface JobContext {

    String jobId();

    /** @param total how many items the work will process, or {@code -1} while that is not known */
    void total(long total);

    /**
     * The counts so far, not increments.
     *
     * @param processed items handled, whatever the outcome
     * @param succeeded items handled successfully
     * @param failed    items rejected, e.g. rows with invalid values
     */
    void progress(long processed, long succeeded, long failed);

    /** @param text what the work does now or, at the end, what it did; one short line for people */
    void message(String text);

    /**
     * A small summary for the finished job, e.g. the number of records created and a link to the rejected rows.
     * Values are JSON values: strings, numbers, booleans, lists and maps of them.
     *
     * @throws IllegalArgumentException when the summary cannot be written as JSON or is larger than 8,000
     *                                  characters that way
     */
    void result(Map<String, Object> summary);

    /**
     * Whether someone cancelled the job or the server is stopping. Poll it between items and return (or throw)
     * soon once it is {@code true}; once it answered {@code true} the job ends CANCELLED (FAILED when the server
     * stopped) however the work ends, while work that never saw it ends as it would have.
     */
    boolean cancelled();
}
