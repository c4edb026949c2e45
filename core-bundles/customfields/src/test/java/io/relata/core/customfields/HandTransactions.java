package io.relata.core.customfields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.transaction.Status;
import javax.transaction.Synchronization;
import javax.transaction.TransactionSynchronizationRegistry;

import io.relata.testing.DirectTransactions;

/**
 * A transaction a test begins and ends by hand (its statements still commit on their own connections): what JTA
 * keeps for the current transaction, its resources, and what waits for its commit.
 */
final class HandTransactions extends DirectTransactions implements TransactionSynchronizationRegistry {

    private Map<Object, Object> resources;
    final List<Runnable> afterCommit = new ArrayList<>();

    void begin() {
        resources = new HashMap<>();
        afterCommit.clear();
    }

    void commit() {
        resources = null;
        afterCommit.forEach(Runnable::run);
        afterCommit.clear();
    }

    @Override
    public boolean active() {
        return resources != null;
    }

    @Override
    public void afterCommit(Runnable action) {
        if (active()) {
            afterCommit.add(action);
        } else {
            action.run();
        }
    }

    @Override
    public Object getTransactionKey() {
        return resources;
    }

    @Override
    public void putResource(Object key, Object value) {
        current().put(key, value);
    }

    @Override
    public Object getResource(Object key) {
        return current().get(key);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization synchronization) {
        throw new UnsupportedOperationException("not needed by the code under test");
    }

    @Override
    public int getTransactionStatus() {
        return active() ? Status.STATUS_ACTIVE : Status.STATUS_NO_TRANSACTION;
    }

    @Override
    public void setRollbackOnly() {
        throw new UnsupportedOperationException("not needed by the code under test");
    }

    @Override
    public boolean getRollbackOnly() {
        return false;
    }

    /** As JTA does: a transaction's resources exist only while it is active. */
    private Map<Object, Object> current() {
        if (resources == null) {
            throw new IllegalStateException("no transaction is active");
        }
        return resources;
    }
}
