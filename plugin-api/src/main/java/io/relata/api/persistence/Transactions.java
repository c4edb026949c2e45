package io.relata.api.persistence;

import java.util.concurrent.Callable;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Demarcates work that must commit or roll back as one, across every module's tables.
 *
 * <p>Relata runs on one JTA transaction manager and one XA-enlisting connection pool: a module's JPA
 * persistence unit ({@code transaction-type="JTA"}) and core services all join the transaction that is
 * active on the calling thread. Use this when work spans services, e.g. converting a lead creates records in
 * several modules; a single module's data access usually demarcates through its {@code JpaTemplate}.
 */
@ProviderType
public interface Transactions {

    /**
     * Runs the work in the current transaction, or in a new one that commits when the work returns and rolls
     * back when it throws. Runtime exceptions pass through unchanged; checked ones are wrapped in
     * {@link TransactionFailedException}.
     */
    <T> T required(Callable<T> work);

    /** @return whether a transaction is active on this thread. */
    boolean active();

    /**
     * Runs the action once the current transaction committed; never if it rolls back. Outside of a transaction
     * the action runs at once.
     */
    void afterCommit(Runnable action);
}
