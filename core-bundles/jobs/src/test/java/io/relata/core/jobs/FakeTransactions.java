package io.relata.core.jobs;

import java.util.ArrayList;
import java.util.List;

import io.relata.testing.DirectTransactions;

/**
 * Transaction boundaries the test opens and commits by hand, to see what waits for the commit. The work itself
 * runs directly and nothing is rolled back: the job code under test writes outside transactions except for the
 * submitted job's row.
 */
final class FakeTransactions extends DirectTransactions {

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
