package io.relata.core.persistence.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.geronimo.transaction.manager.TransactionManagerImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relata.api.persistence.TransactionFailedException;

/** Runs against Geronimo's transaction manager, the one Karaf's {@code transaction} feature installs. */
class JtaTransactionsTest {

    private JtaTransactions transactions;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        TransactionManagerImpl manager = new TransactionManagerImpl();
        transactions = new JtaTransactions(manager, manager);
    }

    @Test
    void afterCommitActionsWaitForTheCommit() {
        transactions.required(() -> {
            transactions.afterCommit(() -> log.add("after commit"));
            log.add("work");
            return null;
        });
        assertThat(log).containsExactly("work", "after commit");
        assertThat(transactions.active()).isFalse();
    }

    @Test
    void afterCommitActionsAreDroppedOnRollback() {
        assertThatThrownBy(() -> transactions.required(() -> {
            transactions.afterCommit(() -> log.add("after commit"));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(log).isEmpty();
        assertThat(transactions.active()).isFalse();
    }

    @Test
    void nestedWorkJoinsTheOuterTransaction() {
        assertThatThrownBy(() -> transactions.required(() -> {
            transactions.required(() -> {
                transactions.afterCommit(() -> log.add("inner after commit"));
                return null;
            });
            assertThat(log).as("inner work does not commit on its own").isEmpty();
            throw new IllegalStateException("outer fails");
        })).hasMessage("outer fails");
        assertThat(log).isEmpty();
    }

    @Test
    void checkedExceptionsAreWrappedAndRollBack() {
        assertThatThrownBy(() -> transactions.required(() -> {
            transactions.afterCommit(() -> log.add("after commit"));
            throw new IOException("disk");
        })).isInstanceOf(TransactionFailedException.class).hasCauseInstanceOf(IOException.class);
        assertThat(log).isEmpty();
    }

    @Test
    void outsideATransactionActionsRunAtOnce() {
        transactions.afterCommit(() -> log.add("now"));
        assertThat(log).containsExactly("now");
    }

    @Test
    void aFailingAfterCommitActionDoesNotUndoTheCommit() {
        String result = transactions.required(() -> {
            transactions.afterCommit(() -> {
                throw new IllegalStateException("listener broke");
            });
            transactions.afterCommit(() -> log.add("second still runs"));
            return "committed";
        });
        assertThat(result).isEqualTo("committed");
        assertThat(log).containsExactly("second still runs");
    }
}
