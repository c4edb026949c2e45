package io.relata.core.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.relata.api.console.CommandFailedException;

class ConsoleTest {

    @TempDir
    Path etc;

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

    @Test
    void firstStartCreatesAdminWithTheConfiguredPasswordOnlyOnce() throws Exception {
        Path users = etc.resolve("users.properties");
        Files.writeString(users, "#karaf = karaf,_g_:admingroup\n#_g_\\:admingroup = group,admin\n");

        assertThat(FirstAdminAccount.ensureAdmin(users, "s3cret-Pass")).isNull();
        String content = Files.readString(users, StandardCharsets.UTF_8);
        assertThat(content).contains("admin = " + FirstAdminAccount.hash("s3cret-Pass") + ",_g_:admingroup")
                .contains("\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh")
                .doesNotContain("s3cret-Pass");

        assertThat(FirstAdminAccount.ensureAdmin(users, "another")).isNull();
        assertThat(Files.readString(users)).isEqualTo(content);
    }

    @Test
    void withoutAPasswordOneIsGeneratedAndOnlyItsHashStored() throws Exception {
        Path users = etc.resolve("users.properties");
        String generated = FirstAdminAccount.ensureAdmin(users, " ");
        assertThat(generated).hasSizeGreaterThanOrEqualTo(20);
        assertThat(Files.readString(users)).contains(FirstAdminAccount.hash(generated)).doesNotContain(generated);
        assertThat(FirstAdminAccount.hash("x")).matches("\\{CRYPT}[0-9a-f]{128}\\{CRYPT}");
    }
}
