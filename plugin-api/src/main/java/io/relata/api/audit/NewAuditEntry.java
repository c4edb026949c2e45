package io.relata.api.audit;

import java.util.List;

/**
 * One entry for {@link AuditTrail#recordAll}: what {@link AuditTrail#record} takes in one call.
 *
 * @param recordType e.g. {@code customer} or {@code hello.greeting}
 * @param recordId   the record's id
 * @param action     what happened, upper case: {@link AuditAction} names the common ones
 * @param changes    the fields that changed (empty for actions without field changes)
 * @param reason     why, when the action has a reason; else {@code null}
 */
public record NewAuditEntry(String recordType, String recordId, String action, List<FieldChange> changes,
                            String reason) {
}
