package io.relata.api.recyclebin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a module does when one of its deleted records is restored from the recycle bin or purged for good.
 * Register one per record type, with the service property {@value #RECORD_TYPE}. Both calls run in a
 * transaction the recycle bin opened; the record's own audit entry and events are the module's job.
 */
@ConsumerType
public interface RecycleBinHandler {

    /** Service property: the record type this handler restores and purges, e.g. {@code customer}. */
    String RECORD_TYPE = "relata.record.type";

    /**
     * Brings the record back into lists and reads.
     *
     * @throws io.relata.api.rest.ProblemException 409 when it cannot come back (e.g. its name is taken now)
     */
    void restore(String recordId);

    /** Removes the record and what only it owns for good, after the retention period. */
    void purge(String recordId);
}
