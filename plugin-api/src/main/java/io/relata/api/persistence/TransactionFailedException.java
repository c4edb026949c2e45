package io.relata.api.persistence;

/** The transaction could not be started or committed, or its work threw a checked exception. */
public class TransactionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TransactionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
