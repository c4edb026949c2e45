package io.relata.core.customers.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

import io.relata.api.console.CommandFailedException;
import io.relata.api.customer.Customer;
import io.relata.core.customers.console.FakeInvocation;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.customer.CustomerQuery;

class ImportCommandTest {

    @TempDir
    Path folder;

    @OnEveryDatabase
    void importsAFileOnTheServerShowingTheMappingTheProgressAndTheRejectedRows(CustomerFixture db)
            throws IOException {
        Transfers t = new Transfers(db, Files.createDirectories(folder.resolve("uploads")));
        TestUser ada = t.importer("ada");
        Path file = Files.writeString(folder.resolve("客户.csv"), "名称,邮箱,备注\n星辰,xc@example.cn,x\n"
                + "月亮,not-mail,y\n", StandardCharsets.UTF_8);
        ImportCommand command = new ImportCommand(t.imports, t.jobs);

        FakeInvocation line = new FakeInvocation(file.toString(), "--type=customer");
        db.as(ada, () -> {
            command.execute(line);
            return null;
        });

        assertThat(line.printed()).contains("Columns (suggested; choose others with --mapping=Header=field,...):\n"
                + "  名称 -> name\n  邮箱 -> email\n  备注 -> (left out)\n");
        assertThat(line.printed()).contains("\r[##############################] 100%  2/2  ok 1  failed 1\n");
        assertThat(line.lines()).contains("SUCCEEDED: Imported 2 rows: 1 created, 0 updated, 0 skipped as"
                        + " duplicates, 1 rejected", "Rows rejected or skipped:",
                "  row 3  email: is not an e-mail address");
        assertThat(names(db, ada)).containsExactly("星辰");
        assertThat(Files.readString(file)).as("the file itself is left as it was").startsWith("名称");

        FakeInvocation dry = new FakeInvocation(file.toString(), "--type=customer", "--mapping=名称=name, 备注=", "--dry-run",
                "--duplicates=update");
        db.as(ada, () -> {
            command.execute(dry);
            return null;
        });
        assertThat(dry.printed()).doesNotContain("suggested");
        assertThat(dry.lines()).contains("SUCCEEDED: Dry run, nothing written: of 2 rows 1 would be created, 1"
                + " updated, 0 skipped as duplicates, 0 rejected");
        assertThat(names(db, ada)).containsExactly("星辰");
    }

    @OnEveryDatabase
    void mistakesAreOneClearLine(CustomerFixture db) throws IOException {
        Transfers t = new Transfers(db, Files.createDirectories(folder.resolve("uploads")));
        TestUser ada = t.importer("ada");
        Path file = Files.writeString(folder.resolve("c.csv"), "name\nA\n");
        ImportCommand command = new ImportCommand(t.imports, t.jobs);

        assertThatThrownBy(() -> command.execute(new FakeInvocation(folder.resolve("none.csv").toString(), "--type=customer")))
                .isInstanceOf(CommandFailedException.class).hasMessageStartingWith("no readable file ");
        assertThatThrownBy(() -> command.execute(new FakeInvocation(file.toString())))
                .hasMessage("--type is required: customer, contact or lead");
        assertThatThrownBy(() -> command.execute(new FakeInvocation(file.toString(), "--type")))
                .hasMessage("--type needs a value: --type=<value>");
        assertThatThrownBy(() -> command.execute(new FakeInvocation(file.toString(), "--type=customer", "--mapping=name")))
                .hasMessageContaining("--mapping takes Header=field pairs");
        assertThatThrownBy(() -> db.as(ada, () -> {
            command.execute(new FakeInvocation(file.toString(), "--type=customer", "--mapping=name=title"));
            return null;
        })).hasMessageStartingWith("mapping.name: 'title' is not a field of customers");
    }

    private static List<String> names(CustomerFixture db, TestUser user) {
        return db.as(user, () -> CustomerFixture.all(page -> db.store.list(CustomerQuery.parse(Map.of()), page)))
                .stream().map(Customer::name).toList();
    }
}
