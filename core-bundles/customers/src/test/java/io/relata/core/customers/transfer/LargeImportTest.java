package io.relata.core.customers.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.io.TempDir;

import io.relata.api.customer.CustomerEvent;
import io.relata.api.job.JobState;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

class LargeImportTest {

    static final int ROWS = Integer.getInteger("relata.test.largeImportRows", 100_000);
    /** Every fifth row has a bad e-mail address: more rejected rows than the report keeps. */
    static final int BAD_EVERY = 5;

    @TempDir
    Path folder;

    @OnEveryDatabase
    void aHundredThousandRowsStreamThroughADryRunABatchAtATime(CustomerFixture db) throws IOException {
        Path uploads = Files.createDirectories(folder.resolve("uploads"));
        Transfers t = new Transfers(db, uploads);
        TestUser ada = t.importer("ada");
        Path file = generate(folder.resolve("big.csv"), ROWS);
        long size = Files.size(file);

        // how far into the file the import had read when it wrote its first row, and how many rows it wrote then
        AtomicLong readAtFirstWrite = new AtomicLong(-1);
        AtomicLong writes = new AtomicLong();
        db.whilePublishing = event -> {
            if (event instanceof CustomerEvent.Created && writes.getAndIncrement() == 0) {
                readAtFirstWrite.set(t.files.readOfLastOpened.get());
            }
        };
        ImportView upload;
        try (InputStream in = Files.newInputStream(file)) {
            upload = db.as(ada, () -> t.imports.upload("customer", null, "big.csv", in));
        }
        long started = System.nanoTime();
        t.start(ada, upload.id(), null, true, "create");
        System.out.printf("%s: %,d rows dry-run in %,d ms%n", db, ROWS, (System.nanoTime() - started) / 1_000_000);

        ImportView done = db.as(ada, () -> t.imports.find(upload.id()));
        assertThat(t.job(done).state()).isEqualTo(JobState.SUCCEEDED);
        long bad = ROWS / BAD_EVERY;
        assertThat(done.counts()).isEqualTo(new ImportCounts(ROWS, ROWS - bad, 0, 0, bad));
        assertThat(writes.get()).isEqualTo(ROWS - bad);
        assertThat(readAtFirstWrite.get()).as("the first batch is written when a sliver of the file has been read,"
                + " not the whole of it").isPositive().isLessThan(Math.min(size / 20, 256 * 1024));
        assertThat(done.errorsNotStored()).isEqualTo(Math.max(0, bad - ImportRun.MAX_STORED_ISSUES));
        assertThat(t.issues(ada, upload.id())).hasSize((int) Math.min(bad, ImportRun.MAX_STORED_ISSUES))
                .allSatisfy(issue -> assertThat(issue.field()).isEqualTo("email"));
        assertThat(db.as(ada, () -> db.store.list(io.relata.core.customers.customer.CustomerQuery.parse(
                java.util.Map.of()), CustomerFixture.page(1))).items()).as("a dry run").isEmpty();
    }

    /** Written line by line: the test holds no more of the file than the import may. */
    private static Path generate(Path file, int rows) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Name,Email,Phone,City\r\n");
            for (int i = 1; i <= rows; i++) {
                String email = i % BAD_EVERY == 0 ? "not-an-address-" + i : "buyer" + i + "@example.com";
                out.write("Customer " + i + "," + email + ",+86 21 5555 " + (1000 + i % 9000) + ",上海\r\n");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
