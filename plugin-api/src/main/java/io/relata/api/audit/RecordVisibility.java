package io.relata.api.audit;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers, for one record type, whether the current user may see a record — applying the same data scope as the
 * module's own reads. Shared views of records (the audit trail, later timelines) ask it before showing anything,
 * so they never show more than the module would. Register one per record type, with the service property
 * {@value #RECORD_TYPE}.
 */
@ConsumerType
public interface RecordVisibility {

    /** Service property: the record type this service answers for, e.g. {@code customer}. */
    String RECORD_TYPE = "relata.record.type";

    /** @return whether the record exists (deleted ones included) and is inside the current user's scope */
    boolean isVisible(String recordId);
}
