package io.relata.core.recyclebin;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.persistence.Transactions;

/**
 * Real transactions on the fixture's one connection, which is all the code under test writes through: what
 * JTA does at runtime, commit and rollback included, without a transaction manager.
 */
final class ConnectionTransactions implements Transactions {

    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>();

    ConnectionTransactions(Connection connection) {
        this.connection = connection;
    }

    @Override
    public <T> T required(Callable<T> work) {
        if (active()) {
            return call(work);
        }
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                result = call(work);
            } catch (RuntimeException | Error e) {
                connection.rollback();
                afterCommit.clear();
                throw e;
            }
            connection.commit();
            afterCommit.forEach(Runnable::run);
            afterCommit.clear();
            return result;
        } catch (SQLException e) {
            throw new TransactionFailedException("commit or rollback failed", e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot leave the transaction", e);
            }
        }
    }

    @Override
    public boolean active() {
        try {
            return !connection.getAutoCommit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        if (active()) {
            afterCommit.add(action);
        } else {
            action.run();
        }
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TransactionFailedException("work failed: " + e.getMessage(), e);
        }
    }
}
