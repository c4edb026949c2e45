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
     * One record's history, newest first — only if the current user may see the record, as the
     * {@link RecordVisibility} service of its type says.
     *
     * @throws io.relata.api.rest.ProblemException 404 when the record is not visible to the caller, or no module
     *                                             answers for its type
     */
    Page<AuditEntry> history(String recordType, String recordId, PageRequest page);
}
