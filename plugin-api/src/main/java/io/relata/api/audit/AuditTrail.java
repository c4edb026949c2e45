package io.relata.api.audit;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;

/**
 * The audit trail every module writes its records' history to. Entries are written in the caller's
 * transaction, so a change and its audit entry commit or roll back together, and they name the current user.
 */
@ProviderType
public interface AuditTrail {

    /**
     * Records that the current user did something to a record.
     *
     * @param recordType e.g. {@code customer} or {@code hello.greeting}
     * @param recordId   the record's id
     * @param action     what happened, upper case: {@link AuditAction} names the common ones
     * @param changes    the fields that changed (empty for actions without field changes)
     * @param reason     why, when the action has a reason (a merge, a release to the pool); else {@code null}
     */
    void record(String recordType, String recordId, String action, List<FieldChange> changes, String reason);

    /**
     * Records many entries at once, in the caller's transaction, as {@link #record} would one by one, but with a
     * few statements for all of them: for writes of many records together, such as an import's batch. The
     * entries of one call share their time, so give one record's successive entries in separate calls when their
     * order matters. An invalid entry fails the call as it fails {@link #record}; the core trail checks them all
     * before it writes any.
     *
     * @since 1.1
     */
    default void recordAll(List<NewAuditEntry> entries) {
        for (NewAuditEntry entry : entries) {
            record(entry.recordType(), entry.recordId(), entry.action(), entry.changes(), entry.reason());
        }
    }

    /**
     * One record's history, newest first — only if the current user may see the record, as the
     * {@link RecordVisibility} service of its type says.
     *
     * @throws io.relata.api.rest.ProblemException 404 when the record is not visible to the caller, or no module
     *                                             answers for its type
     */
    Page<AuditEntry> history(String recordType, String recordId, PageRequest page);
}
