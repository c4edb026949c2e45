package io.relata.core.recyclebin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.core.recyclebin.RecycleBinActions.PurgeOutcome;
import io.relata.core.recyclebin.RecycleBinFixture.FakeModule;

class RecycleBinActionsTest {

    @OnEveryDatabase
    void restoreGoesToTheHandlerOfTheRecordTypeAndTakesTheEntryOut(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        FakeModule customers = fixture.module("customers", "customer");
        RecycleBinEntry greeting = fixture.delete("example-hello", "hello.greeting", "g-1");
        RecycleBinEntry customer = fixture.delete("customers", "customer", "c-1");

        RecycleBinEntry restored = fixture.actions.restore(greeting.id());

        assertThat(restored).isEqualTo(greeting);
        assertThat(greetings.restored).containsExactly("g-1");
        assertThat(customers.restored).isEmpty();
        assertThat(fixture.recordState("g-1")).isEqualTo("live");
        assertThat(fixture.inBin(greeting.id())).isFalse();
        assertThat(fixture.inBin(customer.id())).isTrue();
    }

    @OnEveryDatabase
    void anUnknownEntryIsNotFound(RecycleBinFixture fixture) {
        fixture.module("example-hello", "hello.greeting");

        assertThatThrownBy(() -> fixture.actions.restore("no-such-entry"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(404);
                    assertThat(e.problem().detail()).isEqualTo("no recycle-bin entry with id no-such-entry");
                });
        assertThatThrownBy(() -> fixture.actions.purge("no-such-entry"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
    }

    @OnEveryDatabase
    void anEntryRestoredOnceIsNotFoundTheSecondTime(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        RecycleBinEntry entry = fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.actions.restore(entry.id());

        assertThatThrownBy(() -> fixture.actions.restore(entry.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThat(greetings.restored).containsExactly("g-1");
    }

    @OnEveryDatabase
    void withoutAHandlerTheAnswerNamesTheMissingModuleAndTheEntryStays(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        RecycleBinEntry entry = fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.stop(greetings);

        for (Runnable action : new Runnable[] {() -> fixture.actions.restore(entry.id()),
                () -> fixture.actions.purge(entry.id())}) {
            assertThatThrownBy(action::run).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.problem().status()).isEqualTo(409);
                assertThat(e.problem().detail()).contains("the example-hello module")
                        .contains("not installed or not running").contains("hello.greeting 'label of g-1'");
            });
        }
        assertThat(fixture.inBin(entry.id())).isTrue();
        assertThat(fixture.recordState("g-1")).isEqualTo("deleted");
        assertThat(greetings.restored).isEmpty();
    }

    @OnEveryDatabase
    void aHandlerThatComesBackIsUsedAgain(RecycleBinFixture fixture) {
        fixture.stop(fixture.module("example-hello", "hello.greeting"));
        FakeModule restarted = fixture.module("example-hello", "hello.greeting");
        RecycleBinEntry entry = fixture.delete("example-hello", "hello.greeting", "g-1");

        fixture.actions.restore(entry.id());

        assertThat(restarted.restored).containsExactly("g-1");
    }

    @OnEveryDatabase
    void aProblemTheHandlerAnswersPassesThroughAndEverythingRollsBack(RecycleBinFixture fixture) {
        ProblemException taken = Problem.conflict("a greeting for 'Ada' already exists").toException();
        fixture.module("example-hello", "hello.greeting").failingOn("g-1", taken);
        RecycleBinEntry entry = fixture.delete("example-hello", "hello.greeting", "g-1");

        assertThatThrownBy(() -> fixture.actions.restore(entry.id())).isSameAs(taken);

        assertThat(fixture.inBin(entry.id())).as("the entry's deletion rolled back").isTrue();
        assertThat(fixture.recordState("g-1")).as("the module's own write rolled back").isEqualTo("deleted");
    }

    @OnEveryDatabase
    void aProblemWrappedOnTheWayIsStillTheModulesAnswer(RecycleBinFixture fixture) {
        ProblemException taken = Problem.conflict("a greeting for 'Ada' already exists").toException();
        fixture.module("example-hello", "hello.greeting")
                .failingOn("g-1", new RuntimeException("Exception occurred in transactional code", taken));
        RecycleBinEntry entry = fixture.delete("example-hello", "hello.greeting", "g-1");

        assertThatThrownBy(() -> fixture.actions.restore(entry.id())).isSameAs(taken);
        assertThat(fixture.inBin(entry.id())).isTrue();
    }

    @OnEveryDatabase
    void aHandlerFailureIsAConflictNamingTheModuleAndEverythingRollsBack(RecycleBinFixture fixture) {
        fixture.module("example-hello", "hello.greeting")
                .failingOn("g-1", new IllegalStateException("bug in the module"))
                .failingOn("g-2", new TransactionFailedException("lost the database", new RuntimeException()));
        RecycleBinEntry restoring = fixture.delete("example-hello", "hello.greeting", "g-1");
        RecycleBinEntry purging = fixture.delete("example-hello", "hello.greeting", "g-2");

        assertThatThrownBy(() -> fixture.actions.restore(restoring.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().detail())
                            .startsWith("the example-hello module could not restore hello.greeting 'label of g-1'")
                            .doesNotContain("bug in the module");
                });
        assertThatThrownBy(() -> fixture.actions.purge(purging.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().detail())
                        .startsWith("the example-hello module could not purge hello.greeting 'label of g-2'"));

        assertThat(fixture.inBin(restoring.id())).isTrue();
        assertThat(fixture.inBin(purging.id())).isTrue();
        assertThat(fixture.recordState("g-1")).isEqualTo("deleted");
        assertThat(fixture.recordState("g-2")).isEqualTo("deleted");
    }

    @OnEveryDatabase
    void purgeNowGoesToTheHandlerAndTakesTheEntryOut(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        RecycleBinEntry entry = fixture.delete("example-hello", "hello.greeting", "g-1");
        RecycleBinEntry other = fixture.delete("example-hello", "hello.greeting", "g-2");

        fixture.actions.purge(entry.id());

        assertThat(greetings.purged).containsExactly("g-1");
        assertThat(greetings.restored).isEmpty();
        assertThat(fixture.recordState("g-1")).isEqualTo("gone");
        assertThat(fixture.inBin(entry.id())).isFalse();
        assertThat(fixture.inBin(other.id())).isTrue();
    }

    /** Two nodes purging at once: the second waits for the first's lock on the entry, then finds nothing. */
    @OnEveryDatabase
    void whileAnotherNodeHoldsTheEntryTheSecondPurgesNothing(RecycleBinFixture fixture) throws Exception {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        RecycleBinEntry entry = fixture.delete("example-hello", "hello.greeting", "g-1");
        Connection firstNode = fixture.otherNode();
        firstNode.setAutoCommit(false);
        try (PreparedStatement delete = firstNode.prepareStatement("DELETE FROM core_recycle_bin WHERE id = ?")) {
            delete.setString(1, entry.id());
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }

        CompletableFuture<PurgeOutcome> secondNode = CompletableFuture.supplyAsync(
                () -> fixture.actions.purgeExpired(entry));
        Thread.sleep(200);
        firstNode.commit();

        assertThat(secondNode.get(10, TimeUnit.SECONDS)).isEqualTo(PurgeOutcome.ALREADY_GONE);
        assertThat(greetings.purged).isEmpty();
        assertThat(fixture.recordState("g-1")).isEqualTo("deleted");
    }
}
