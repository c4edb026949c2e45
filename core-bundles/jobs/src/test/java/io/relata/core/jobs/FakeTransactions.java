package io.relata.core.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.persistence.Transactions;

/**
 * Transaction boundaries the test opens and commits by hand, to see what waits for the commit. Nothing is
 * rolled back: the job code under test writes outside transactions except for the submitted job's row.
 */
final class FakeTransactions implements Transactions {

    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

    void begin() {
        afterCommit.set(new ArrayList<>());
    }

    void commit() {
        List<Runnable> actions = afterCommit.get();
        afterCommit.remove();
        actions.forEach(Runnable::run);
    }

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
        return afterCommit.get() != null;
    }

    @Override
    public void afterCommit(Runnable action) {
        if (active()) {
            afterCommit.get().add(action);
        } else {
            action.run();
        }
    }
}
