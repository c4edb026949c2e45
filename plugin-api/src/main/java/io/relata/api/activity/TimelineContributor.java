package io.relata.api.activity;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Adds a module's entries to customers' timelines ({@code GET /api/v1/customers/{id}/timeline}). Register it as a
 * whiteboard service with the service property {@value #CONTRIBUTOR_ID} (lower case, dotted, starting with the
 * module id); any number may be registered, and they may come and go.
 *
 * <p>The timeline calls it on the request's thread, as the caller and outside any transaction, only for a
 * customer the caller may see: apply the caller's scope to your own records and only read. It merges the entries
 * of every source by {@link TimelineEntry#occurredAt()}, newest first, and pages through them with a cursor; to
 * keep pages free of gaps and repeats, answer exactly what is asked: the newest entries strictly before
 * {@code before}, newest first (entries of the same instant by id, descending). A contributor that throws is left
 * out of that answer, which then names it under {@code incomplete}, and a warning is logged.
 */
@ConsumerType
@FunctionalInterface
public interface TimelineContributor {

    /** Service property: the contributor's id, named in {@code incomplete} when it fails. */
    String CONTRIBUTOR_ID = "relata.timeline.contributor";

    /**
     * @param customerId the customer whose timeline is shown
     * @param contactIds the ids of the customer's contacts the caller may see
     * @param before     only entries that occurred strictly before this instant; for the first page
     *                   {@code 9999-12-31T23:59:59Z}
     * @param limit      at most this many entries are needed; more are ignored
     * @return the newest entries before {@code before}, newest first
     */
    List<TimelineEntry> entries(String customerId, Set<String> contactIds, Instant before, int limit);
}
