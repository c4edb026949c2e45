package io.relata.core.recyclebin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.relata.api.console.CommandInvocation;
import io.relata.core.recyclebin.RecycleBinFixture.FakeModule;

class RecycleBinPurgeCommandTest {

    @OnEveryDatabase
    void aDryRunListsWhatWouldBePurgedAndChangesNothing(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.delete("customers", "customer", "c-1");
        fixture.clock.advance(Duration.ofDays(31));
        fixture.delete("example-hello", "hello.greeting", "g-recent");

        String output = run(fixture, "--dry-run");

        assertThat(output).contains("label of g-1").contains("label of c-1  (would be skipped: module not running)")
                .doesNotContain("g-recent")
                .contains("Would purge 1 entry older than 30 days and skip 1; nothing was changed");
        assertThat(greetings.purged).isEmpty();
        assertThat(fixture.binSize()).isEqualTo(3);
    }

    @OnEveryDatabase
    void withoutDryRunItPurgesNow(RecycleBinFixture fixture) {
        FakeModule greetings = fixture.module("example-hello", "hello.greeting");
        fixture.delete("example-hello", "hello.greeting", "g-1");
        fixture.delete("example-hello", "hello.greeting", "g-2");
        fixture.clock.advance(Duration.ofDays(31));

        String output = run(fixture);

        assertThat(output).startsWith("Purged 2 entries older than 30 days; 0 skipped");
        assertThat(greetings.purged).containsExactly("g-1", "g-2");
    }

    private static String run(RecycleBinFixture fixture, String... flags) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<String> given = List.of(flags);
        new RecycleBinPurgeCommand(fixture.retentionPurge).execute(new CommandInvocation() {
            @Override
            public List<String> arguments() {
                return List.of();
            }

            @Override
            public String argument(int index, String name) {
                throw new IllegalArgumentException("missing " + name);
            }

            @Override
            public Optional<String> option(String name) {
                return Optional.empty();
            }

            @Override
            public boolean flag(String name) {
                return given.contains("--" + name);
            }

            @Override
            public PrintStream out() {
                return out;
            }

            @Override
            public String user() {
                return "admin";
            }
        });
        return printed.toString(StandardCharsets.UTF_8);
    }
}
