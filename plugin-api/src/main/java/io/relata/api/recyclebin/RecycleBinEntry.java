package io.relata.api.recyclebin;

import java.time.Instant;

/**
 * A deleted record waiting in the recycle bin.
 *
 * @param id         the entry's id
 * @param module     id of the module that owns the record
 * @param recordType the record type
 * @param recordId   the deleted record's id
 * @param label      what a person recognises the record by
 * @param deletedAt  when it was deleted
 * @param deletedBy  who deleted it (a username, or {@code system})
 */
public record RecycleBinEntry(String id, String module, String recordType, String recordId, String label,
                              Instant deletedAt, String deletedBy) {
}
