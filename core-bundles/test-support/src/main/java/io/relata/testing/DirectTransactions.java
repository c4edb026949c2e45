package io.relata.testing;

import java.util.concurrent.Callable;

import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.persistence.Transactions;

/**
 * {@link Transactions} that run the work directly on the calling thread, for tests in which every statement
 * commits on its own connection, so there is nothing to demarcate; commit and rollback are core's business and
 * tested there. Exceptions pass as the contract says: runtime ones unchanged, checked ones wrapped in
 * {@link TransactionFailedException}. No transaction is ever active, so after-commit actions run at once.
 *
 * <p>A test that wants to see what waits for a commit may extend it and open and commit boundaries by hand.
 */
public class DirectTransactions implements Transactions {

    @Override
    public <T> T required(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TransactionFailedException("work failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean active() {
        return false;
    }

    @Override
    public void afterCommit(Runnable action) {
        action.run();
    }
}
