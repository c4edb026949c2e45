package io.relata.api.recyclebin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where deleted records go. A module "deletes" a record by marking it deleted in its own table and putting it
 * here in the same transaction; the record then disappears from lists but can be found and restored.
 */
@ProviderType
public interface RecycleBin {

    /**
     * Records that a record was deleted, joining the caller's transaction.
     *
     * @param module     id of the module that owns the record
     * @param recordType the record type, e.g. {@code customer} or {@code hello.greeting}
     * @param recordId   the record's id
     * @param label      what a person recognises the record by (its name)
     * @return the bin entry
     */
    RecycleBinEntry add(String module, String recordType, String recordId, String label);
}
