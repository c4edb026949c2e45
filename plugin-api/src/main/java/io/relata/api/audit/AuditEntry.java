package io.relata.api.audit;

import java.time.Instant;
import java.util.List;

/**
 * One recorded action on one record.
 *
 * @param id         the entry's id
 * @param recordType the record type
 * @param recordId   the record's id
 * @param action     what happened, e.g. {@code UPDATED}
 * @param actorId    the user's id ({@code system} for the platform itself)
 * @param actorName  the user's username at the time
 * @param occurredAt when (UTC)
 * @param changes    field-level old and new values
 * @param reason     why, for actions that have a reason; else {@code null}
 */
public record AuditEntry(String id, String recordType, String recordId, String action, String actorId,
                         String actorName, Instant occurredAt, List<FieldChange> changes, String reason) {

    public AuditEntry {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
