package io.relata.core.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.relata.api.console.CommandFailedException;

class ConsoleTest {

    @Test
    void splitsOptionsFlagsAndArguments() {
        ParsedInvocation invocation = new ParsedInvocation(
                List.of("Ada", "--dry-run", "--limit=5", "--", "--not-a-flag", "--note=a=b"),
                new PrintStream(new ByteArrayOutputStream()), "admin", "relata:x <name>");
        assertThat(invocation.arguments()).containsExactly("Ada", "--not-a-flag", "--note=a=b");
        assertThat(invocation.flag("dry-run")).isTrue();
        assertThat(invocation.flag("limit")).isFalse();
        assertThat(invocation.option("limit")).contains("5");
        assertThat(invocation.argument(0, "name")).isEqualTo("Ada");
        assertThatThrownBy(() -> invocation.argument(3, "other"))
                .isInstanceOf(CommandFailedException.class).hasMessageContaining("<other>");
    }
}
