package io.relata.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.relata.api.persistence.TransactionFailedException;

class DirectTransactionsTest {

    private final DirectTransactions transactions = new DirectTransactions();

    @Test
    void runsTheWorkAndAfterCommitActionsAtOnce() {
        List<String> done = new ArrayList<>();

        assertThat(transactions.required(() -> {
            transactions.afterCommit(() -> done.add("after commit"));
            done.add("work");
            return 42;
        })).isEqualTo(42);
        assertThat(done).containsExactly("after commit", "work");
        assertThat(transactions.active()).isFalse();
    }

    @Test
    void passesRuntimeExceptionsAndWrapsCheckedOnes() {
        IllegalStateException runtime = new IllegalStateException("refused");

        assertThatThrownBy(() -> transactions.required(() -> {
            throw runtime;
        })).isSameAs(runtime);
        assertThatThrownBy(() -> transactions.required(() -> {
            throw new IOException("disk");
        })).isInstanceOf(TransactionFailedException.class).hasCauseInstanceOf(IOException.class);
    }
}
