package io.relata.core.persistence.tx;

import java.util.concurrent.Callable;

import javax.transaction.Status;
import javax.transaction.Synchronization;
import javax.transaction.SystemException;
import javax.transaction.TransactionManager;
import javax.transaction.TransactionSynchronizationRegistry;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.persistence.Transactions;

/** {@link Transactions} on the platform's JTA transaction manager, which every persistence unit joins. */
@Component(service = Transactions.class)
public class JtaTransactions implements Transactions {

    private static final Logger LOG = LoggerFactory.getLogger(JtaTransactions.class);

    private final TransactionManager manager;
    private final TransactionSynchronizationRegistry synchronizations;

    @Activate
    public JtaTransactions(@Reference TransactionManager manager,
                           @Reference TransactionSynchronizationRegistry synchronizations) {
        this.manager = manager;
        this.synchronizations = synchronizations;
    }

    @Override
    public <T> T required(Callable<T> work) {
        if (active()) {
            return call(work);
        }
        begin();
        T result;
        try {
            result = call(work);
        } catch (RuntimeException | Error e) {
            rollbackAfter(e);
            throw e;
        }
        commit();
        return result;
    }

    @Override
    public boolean active() {
        try {
            int status = manager.getStatus();
            return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
        } catch (SystemException e) {
            throw new TransactionFailedException("transaction status unavailable", e);
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        if (!active()) {
            action.run();
            return;
        }
        synchronizations.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.error("After-commit action failed; the transaction itself committed", e);
                    }
                }
            }
        });
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TransactionFailedException("transactional work failed: " + e.getMessage(), e);
        }
    }

    private void begin() {
        try {
            manager.begin();
        } catch (Exception e) {
            throw new TransactionFailedException("could not begin a transaction", e);
        }
    }

    private void commit() {
        try {
            manager.commit();
        } catch (javax.transaction.RollbackException e) {
            throw new TransactionFailedException("the transaction was rolled back instead of committed", e);
        } catch (Exception e) {
            throw new TransactionFailedException("could not commit the transaction", e);
        }
    }

    private void rollbackAfter(Throwable cause) {
        try {
            manager.rollback();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
