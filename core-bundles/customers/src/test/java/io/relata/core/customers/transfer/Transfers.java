package io.relata.core.customers.transfer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.relata.api.job.JobStatus;
import io.relata.api.rest.Page;
import io.relata.core.customers.contact.ContactFixture;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.lead.LeadFixture;
import io.relata.core.customers.lead.LeadStore;

/** Imports and exports on a {@link CustomerFixture}'s database, their jobs run inline by {@link InlineJobs}. */
final class Transfers {

    static final Charset GBK = Charset.forName("GBK");

    final CustomerFixture db;
    final ContactStore contacts;
    final LeadStore leads;
    final InlineJobs jobs;
    final CountingFiles files;
    final ImportService imports;
    final CsvExports exports;
    /** Batches a customer import writes at once: {@code import.writers} of the fixture's settings. */
    final int writers;

    Transfers(CustomerFixture db, Path folder) {
        this.db = db;
        this.contacts = ContactFixture.contacts(db);
        this.leads = LeadFixture.leads(db);
        this.jobs = new InlineJobs(db.currentUser);
        this.files = new CountingFiles(folder);
        this.imports = new ImportService(new ImportService.Services(db.jpa, db.currentUser, db.access, db.directory,
                jobs, db.customFields, db.store, contacts, leads), files, Clock.systemUTC(),
                writers = ImportService.configured(db.poolSettings()));
        this.exports = new CsvExports(db.store, contacts, leads, db.customFields, db.currentUser, db.access,
                Clock.systemUTC());
    }

    /** A user who may import and export everything, seeing every record. */
    TestUser importer(String id) {
        return db.admin(id);
    }

    ImportView upload(TestUser user, String recordType, byte[] file) {
        return upload(user, recordType, null, file);
    }

    ImportView upload(TestUser user, String recordType, String encoding, byte[] file) {
        return db.as(user, () -> imports.upload(recordType, encoding, recordType + "s.csv",
                new ByteArrayInputStream(file)));
    }

    JobStatus start(TestUser user, String importId, Map<String, String> mapping, boolean dryRun, String duplicates) {
        return db.as(user, () -> imports.start(importId, new StartRequest(mapping, dryRun, duplicates)));
    }

    /** Uploads and imports with the suggested mapping. */
    ImportView importFile(TestUser user, String recordType, byte[] file, boolean dryRun, String duplicates) {
        ImportView upload = upload(user, recordType, file);
        start(user, upload.id(), null, dryRun, duplicates);
        return db.as(user, () -> imports.find(upload.id()));
    }

    JobStatus job(ImportView view) {
        return jobs.find(view.jobId()).orElseThrow();
    }

    /** Every issue of the import's last run, page by page. */
    List<RowIssue> issues(TestUser user, String importId) {
        List<RowIssue> all = new ArrayList<>();
        String cursor = null;
        do {
            String after = cursor;
            Page<RowIssue> page = db.as(user, () -> imports.issues(importId, "200", after));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** The export's body, as a client would receive it, written the way JAX-RS writes it: after the request. */
    byte[] export(TestUser user, Function<CsvExports, CsvExports.Download> export) {
        CsvExports.Download download = db.as(user, () -> export.apply(exports));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            download.body().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toByteArray();
    }

    static byte[] utf8(String csv) {
        return csv.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] utf8WithBom(String csv) {
        return (Csv.BYTE_ORDER_MARK + csv).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gbk(String csv) {
        return csv.getBytes(GBK);
    }

    /** The upload folder, counting the bytes read through the stream opened last. */
    static final class CountingFiles extends ImportFiles {
        final AtomicLong readOfLastOpened = new AtomicLong();

        CountingFiles(Path folder) {
            super(folder);
        }

        @Override
        InputStream open(String importId) throws IOException {
            AtomicLong counter = new AtomicLong();
            readOfLastOpened.set(0);
            return new FilterInputStream(super.open(importId)) {
                @Override
                public int read() throws IOException {
                    int next = super.read();
                    if (next >= 0) {
                        readOfLastOpened.set(counter.incrementAndGet());
                    }
                    return next;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int read = super.read(buffer, offset, length);
                    if (read > 0) {
                        readOfLastOpened.set(counter.addAndGet(read));
                    }
                    return read;
                }
            };
        }
    }
}
