package io.relata.core.customfields;

import java.util.concurrent.Callable;

import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.persistence.Transactions;

/**
 * Runs the work directly. Every statement commits on its own connection in these tests, so there is nothing to
 * demarcate; commit and rollback are core's business and tested there.
 */
final class DirectTransactions implements Transactions {

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
