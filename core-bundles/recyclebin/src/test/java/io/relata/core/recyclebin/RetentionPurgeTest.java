package io.relata.core.recyclebin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.core.recyclebin.RecycleBinFixture.FakeModule;
import io.relata.core.recyclebin.RetentionPurge.Summary;

class RetentionPurgeTest {

    @OnEveryDatabase
    void onlyEntriesOlderThanTheRetentionArePurged(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        RecycleBinEntry old = fixture.delete("example-hello", "hello.greeting", "old");
        fixture.clock.advance(Duration.ofDays(29));
        RecycleBinEntry recent = fixture.delete("example-hello", "hello.greeting", "recent");

        assertThat(fixture.retentionPurge.purgeExpired()).isEqualTo(new Summary(0, 0, 0, 0));
        assertThat(greetings.purged).as("29 days is within the retention").isEmpty();

        fixture.clock.advance(Duration.ofDays(1));
        assertThat(fixture.retentionPurge.purgeExpired()).isEqualTo(new Summary(1, 0, 0, 0));

        assertThat(greetings.purged).containsExactly("old");
        assertThat(fixture.recordState("old")).isEqualTo("gone");
        assertThat(fixture.inBin(old.id())).isFalse();
        assertThat(fixture.inBin(recent.id())).as("a day old").isTrue();
        assertThat(fixture.recordState("recent")).isEqualTo("deleted");
    }

    @OnEveryDatabase
    void theRetentionIsConfigurable(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        fixture.delete("example-hello", "hello.greeting", "a-week-old");
        fixture.clock.advance(Duration.ofDays(7));
        fixture.delete("example-hello", "hello.greeting", "just-deleted");
        RetentionPurge weekly = new RetentionPurge(fixture.bin, fixture.actions, fixture.clock, Duration.ofDays(7));

        assertThat(weekly.purgeExpired().purged()).isEqualTo(1);
        assertThat(greetings.purged).containsExactly("a-week-old");
    }

    @OnEveryDatabase
    void entriesOfAModuleThatIsNotRunningAreSkippedAndCounted(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        RecycleBinEntry customer = fixture.delete("customers", "customer", "c-1");
        fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.clock.advance(Duration.ofDays(31));

        assertThat(fixture.retentionPurge.purgeExpired()).isEqualTo(new Summary(1, 1, 0, 0));

        assertThat(greetings.purged).containsExactly("g-1");
        assertThat(fixture.inBin(customer.id())).as("kept for when the module comes back").isTrue();
        assertThat(fixture.recordState("c-1")).isEqualTo("deleted");

        FakeModule customers = fixture.module("customers", "customer");
        assertThat(fixture.retentionPurge.purgeExpired()).isEqualTo(new Summary(1, 0, 0, 0));
        assertThat(customers.purged).containsExactly("c-1");
    }

    @OnEveryDatabase
    void oneFailingEntryDoesNotStopTheOthersAndIsTriedAgainNextRun(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting")
                .failingOn("g-2", new IllegalStateException("bug in the module"));
        fixture.delete("example-hello", "hello.greeting", "g-1");
        RecycleBinEntry failing = fixture.delete("example-hello", "hello.greeting", "g-2");
        fixture.delete("example-hello", "hello.greeting", "g-3");
        fixture.clock.advance(Duration.ofDays(31));

        assertThat(fixture.retentionPurge.purgeExpired()).isEqualTo(new Summary(2, 0, 1, 0));

        assertThat(greetings.purged).containsExactly("g-1", "g-2", "g-3");
        assertThat(fixture.recordState("g-1")).isEqualTo("gone");
        assertThat(fixture.recordState("g-2")).as("the module's delete rolled back").isEqualTo("deleted");
        assertThat(fixture.recordState("g-3")).isEqualTo("gone");
        assertThat(fixture.inBin(failing.id())).isTrue();
        assertThat(fixture.binSize()).isEqualTo(1);

        greetings.failingOn("g-2", null);
        assertThat(fixture.retentionPurge.purgeExpired()).isEqualTo(new Summary(1, 0, 0, 0));
        assertThat(fixture.binSize()).isZero();
    }

    /** Skipped entries stay in the table, so the run must page past them rather than read the first page again. */
    @OnEveryDatabase
    void aRunReachesEntriesBehindMoreThanABatchOfSkippedOnes(RecycleBinFixture fixture) {
        int skipped = RetentionPurge.BATCH + 10;
        IntStream.range(0, skipped).forEach(i -> fixture.delete("customers", "customer", "c-" + i));
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.delete("example-hello", "hello.greeting", "g-2");
        fixture.clock.advance(Duration.ofDays(31));

        assertThat(fixture.retentionPurge.purgeExpired()).isEqualTo(new Summary(2, skipped, 0, 0));
        assertThat(greetings.purged).containsExactly("g-1", "g-2");
    }

    @OnEveryDatabase
    void theScheduledRunPurgesLikeADirectOne(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.clock.advance(Duration.ofDays(31));

        fixture.retentionPurge.run();

        assertThat(greetings.purged).containsExactly("g-1");
    }

    @OnEveryDatabase
    void expiredEntriesAreListedOldestFirstWithoutChange(RecycleBinFixture fixture) {
        fixture.module("example-hello", "hello.greeting");
        fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.delete("customers", "customer", "c-1");
        fixture.clock.advance(Duration.ofDays(31));
        fixture.delete("example-hello", "hello.greeting", "g-recent");

        List<String> expired = new ArrayList<>();
        fixture.retentionPurge.forEachExpired(entry -> expired.add(entry.recordId()));

        assertThat(expired).containsExactly("g-1", "c-1");
        assertThat(fixture.binSize()).isEqualTo(3);
    }
}
