package io.relata.core.customers.transfer;

/** Where an import is. A dry run leaves it {@link #UPLOADED}, ready to run again, dry or for real. */
public enum ImportStatus {
    /** The file is here and waits for a start. */
    UPLOADED,
    /** Its job is queued or running. */
    RUNNING,
    /** The rows are in; the file is gone. */
    IMPORTED,
    /** The job failed (a file that cannot be read, the server stopping); rows written before that stay. */
    FAILED,
    /** Someone cancelled the job; the batches written before that stay. */
    CANCELLED
}
