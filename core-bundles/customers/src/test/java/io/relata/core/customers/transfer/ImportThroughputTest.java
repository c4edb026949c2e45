package io.relata.core.customers.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.relata.api.customer.CustomerEvent;
import io.relata.api.job.JobState;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/**
 * Not a test but a measurement, run by hand: {@code -Drelata.test.importThroughputRows=20000}. Imports a file shaped
 * like the benchmark's (bench {@code DataSet.writeCsv}: unique names, e-mails and phones, two tags, the importer as
 * owner) with duplicates checked, and prints rows a second and trips to the database per row. Timing depends on
 * the machine and what else runs on it, so nothing here asserts on it.
 */
@EnabledIfSystemProperty(named = "relata.test.importThroughputRows", matches = "\\d+")
class ImportThroughputTest {

    @TempDir
    Path folder;

    @OnEveryDatabase
    void measure(CustomerFixture db) throws IOException {
        assumeTrue(db.isPostgres() || Boolean.getBoolean("relata.test.importThroughputOnH2"),
                "measured on PostgreSQL, as the benchmark; -Drelata.test.importThroughputOnH2=true for H2 too");
        int rows = Integer.getInteger("relata.test.importThroughputRows");
        Transfers t = new Transfers(db, Files.createDirectories(folder.resolve("uploads")));
        TestUser ada = t.importer("ada");
        Path file = folder.resolve("customers.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Company name,Type,Legal name,E-mail,Phone,Website,Street,City,Postal code,Country,"
                    + "Lifecycle stage,Tags,Owner\r\n");
            for (int n = 0; n < rows; n++) {
                out.write("Acme Trading " + (n + 1) + ",COMPANY,Acme Trading " + (n + 1) + " Ltd,imp" + n
                        + "@acme" + (n % 97) + ".example.com,+1 558 " + (10_000_000 + n) + ",https://acme" + n
                        + ".example.com,Main Street " + n + ",上海,2000" + (n % 10) + ",CN,PROSPECT,vip;east,ada\r\n");
            }
        }
        ImportView upload;
        try (InputStream in = Files.newInputStream(file)) {
            upload = db.as(ada, () -> t.imports.upload("customer", null, "customers.csv", in));
        }
        db.statements.reset();
        long started = System.nanoTime();
        t.start(ada, upload.id(), null, false, "skip");
        long nanos = System.nanoTime() - started;

        ImportView done = db.as(ada, () -> t.imports.find(upload.id()));
        assertThat(t.job(done).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.counts()).isEqualTo(new ImportCounts(rows, rows, 0, 0, 0));
        assertThat(db.events(CustomerEvent.Created.class)).hasSize(rows);
        System.out.printf("%s: %,d rows imported in %,d ms: %,.0f rows/s; %.2f trips to the database a row"
                        + " (%,d batches of %,d statements); %,d audit entries%n", db, rows, nanos / 1_000_000,
                rows / (nanos / 1e9), db.statements.roundTrips.get() / (double) rows, db.statements.batches.get(),
                db.statements.batchedStatements.get(), db.audit.size());
    }
}
