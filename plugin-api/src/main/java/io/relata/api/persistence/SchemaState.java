package io.relata.api.persistence;

/** Outcome of applying a module's schema migration. */
public enum SchemaState {
    /** Every change set is applied; the module's tables are ready. */
    MIGRATED,
    /** A change set failed; the transaction of that change set was rolled back. */
    FAILED
}
