package io.relata.core.customers.transfer;

import static io.relata.core.customers.transfer.Transfers.gbk;
import static io.relata.core.customers.transfer.Transfers.utf8;
import static io.relata.core.customers.transfer.Transfers.utf8WithBom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.io.TempDir;

import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerEvent;
import io.relata.api.customfield.FieldType;
import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.customer.CustomerQuery;

class CustomerImportTest {

    @TempDir
    Path uploads;

    /** Two good rows around every kind of bad one: lines 3 to 7 are rejected. */
    private static final String MIXED = String.join("\r\n",
            "Name,Email,Phone,Tier",
            "Good One,one@example.com,+86 138 0000 0001,gold",
            ",missing@example.com,,",
            "x".repeat(201) + ",long@example.com,,",
            "Bad Mail,not-an-email,,",
            "Bad Tier,tier@example.com,,platinum",
            "\"Broken\"Quote,broken@example.com,,",
            "Good Two,two@example.com,,silver",
            "");

    private static Transfers transfers(CustomerFixture db, Path uploads) {
        db.customFields.define("customer", "tier", FieldType.PICKLIST, false, "gold", "silver");
        return new Transfers(db, uploads);
    }

    @OnEveryDatabase
    void brokenRowsAreReportedAndOnlyTheGoodOnesLand(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");

        ImportView upload = t.upload(ada, "customer", utf8(MIXED));
        assertThat(upload.headers()).containsExactly("Name", "Email", "Phone", "Tier");
        assertThat(upload.suggestedMapping()).containsExactly(Map.entry("Name", "name"), Map.entry("Email", "email"),
                Map.entry("Phone", "phone"), Map.entry("Tier", "cf.tier"));
        assertThat(upload.rowsSampled()).isEqualTo(7);
        assertThat(upload.status()).isEqualTo(ImportStatus.UPLOADED);

        JobStatus started = t.start(ada, upload.id(), null, false, null);
        assertThat(started.kind()).isEqualTo("customer.import");
        ImportView done = db.as(ada, () -> t.imports.find(upload.id()));
        assertThat(done.status()).isEqualTo(ImportStatus.IMPORTED);
        assertThat(done.counts()).isEqualTo(new ImportCounts(7, 2, 0, 0, 5));
        JobStatus job = t.job(done);
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(List.of(job.total(), job.processed(), job.succeeded(), job.failed()))
                .containsExactly(7L, 7L, 2L, 5L);
        assertThat(job.result()).containsEntry("created", 2L).containsEntry("rejected", 5L)
                .containsEntry("errors", "/api/v1/imports/" + upload.id() + "/errors");

        assertThat(t.issues(ada, upload.id())).extracting(RowIssue::row, RowIssue::field, RowIssue::message)
                .containsExactly(
                        tuple(3L, "name", "is required"),
                        tuple(4L, "name", "must be at most 200 characters"),
                        tuple(5L, "email", "is not an e-mail address"),
                        tuple(6L, "cf.tier", "is not an option"),
                        tuple(7L, null, "broken quoting: a quoted value must be followed by a comma or the end of"
                                + " the line; write a quote inside a quoted value as two quotes (\"\")"));

        // nothing half-written: exactly the good rows, each with its values, its audit entry and its event
        List<Customer> customers = all(t, ada);
        assertThat(customers).extracting(Customer::name, Customer::email)
                .containsExactlyInAnyOrder(tuple("Good One", "one@example.com"), tuple("Good Two", "two@example.com"));
        assertThat(customers).extracting(customer -> customer.customFields().get("tier"))
                .containsExactlyInAnyOrder("gold", "silver");
        assertThat(db.audit).extracting(CustomerFixture.Recorded::recordId)
                .containsExactlyInAnyOrderElementsOf(customers.stream().map(Customer::id).toList());
        assertThat(db.events(CustomerEvent.Created.class)).hasSize(2);
        assertThat(storedValueRows(db)).isEqualTo(2);
        assertThat(uploadedFiles()).as("a finished import's file is deleted").isEmpty();
    }

    @OnEveryDatabase
    void aDryRunWritesNothingButReportsTheSameAndTheImportCanRunAgain(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        ImportView upload = t.upload(ada, "customer", utf8(MIXED));

        t.start(ada, upload.id(), null, true, null);
        ImportView dry = db.as(ada, () -> t.imports.find(upload.id()));
        assertThat(dry.status()).as("ready to run again").isEqualTo(ImportStatus.UPLOADED);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.counts()).isEqualTo(new ImportCounts(7, 2, 0, 0, 5));
        assertThat(dry.message()).startsWith("Dry run, nothing written: of 7 rows 2 would be created");
        assertThat(t.issues(ada, upload.id())).extracting(RowIssue::row).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(all(t, ada)).isEmpty();
        assertThat(db.audit).isEmpty();
        assertThat(db.events(CustomerEvent.Created.class)).isEmpty();
        assertThat(storedValueRows(db)).isZero();

        t.start(ada, upload.id(), null, false, null);
        ImportView real = db.as(ada, () -> t.imports.find(upload.id()));
        assertThat(real.counts()).isEqualTo(dry.counts());
        assertThat(t.issues(ada, upload.id())).as("the dry run's report is replaced, not added to")
                .extracting(RowIssue::row).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(all(t, ada)).hasSize(2);
        assertThatThrownBy(() -> t.start(ada, upload.id(), null, false, null))
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(409));
    }

    @OnEveryDatabase
    void aRowThatFailsInsideTheBatchIsRejectedAloneAndTheRestOfTheBatchIsWritten(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        // the parent is checked against the database, inside the batch's transaction
        String file = "name,parentId\nFirst,\nOrphan,00000000-0000-0000-0000-000000000000\nLast,\n";

        ImportView done = t.importFile(ada, "customer", utf8(file), false, null);

        assertThat(done.counts()).isEqualTo(new ImportCounts(3, 2, 0, 0, 1));
        assertThat(t.issues(ada, done.id())).extracting(RowIssue::row, RowIssue::field, RowIssue::message)
                .containsExactly(tuple(3L, "parentId", "is not a customer"));
        assertThat(all(t, ada)).extracting(Customer::name).containsExactlyInAnyOrder("First", "Last");
        assertThat(db.audit).hasSize(2);
    }

    @OnEveryDatabase
    void duplicatesAreSkippedUpdatedOrCreatedAsAsked(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        Customer acme = db.as(ada, () -> db.store.create(CustomerFixture.company("Acme", "acme@example.com",
                "021-5555-0100"), false));
        Customer twin = db.as(ada, () -> db.store.create(CustomerFixture.company("Twins"), false));
        db.as(ada, () -> db.store.create(CustomerFixture.company("Twins"), true));
        String file = "name,email,industry,tier\n"
                + "ACME,,retail,gold\n"
                + "Twins,,,\n"
                + "Fresh,fresh@example.com,,\n"
                + "Fresh,,,\n";

        ImportView skip = t.importFile(ada, "customer", utf8(file), false, "skip");
        assertThat(skip.counts()).isEqualTo(new ImportCounts(4, 1, 0, 3, 0));
        assertThat(t.issues(ada, skip.id())).extracting(RowIssue::row, RowIssue::message, RowIssue::kind)
                .containsExactly(tuple(2L, "duplicate of " + acme.id(), "skipped"),
                        tuple(3L, "duplicate of " + twin.id(), "skipped"),
                        tuple(5L, "duplicate of " + byName(t, ada, "Fresh").get(0).id(), "skipped"));
        assertThat(t.job(skip).failed()).as("a skipped row is no error").isZero();

        ImportView update = t.importFile(ada, "customer", utf8(file), false, "update");
        assertThat(update.counts()).isEqualTo(new ImportCounts(4, 0, 3, 0, 1));
        assertThat(t.issues(ada, update.id())).extracting(RowIssue::row, RowIssue::message)
                .containsExactly(tuple(3L, "matches 2 customers; update the right one by hand, or import with"
                        + " duplicates=create"));
        assertThat(byName(t, ada, "Fresh")).singleElement()
                .satisfies(fresh -> assertThat(fresh.email()).isEqualTo("fresh@example.com"));
        Customer updated = db.as(ada, () -> db.store.find(acme.id())).orElseThrow();
        assertThat(updated.name()).as("the row's name").isEqualTo("ACME");
        assertThat(updated.industry()).isEqualTo("retail");
        assertThat(updated.customFields()).containsEntry("tier", "gold");
        assertThat(updated.email()).as("empty columns keep what the customer has").isEqualTo("acme@example.com");
        assertThat(updated.phone()).isEqualTo("021-5555-0100");

        ImportView create = t.importFile(ada, "customer", utf8(file), false, "create");
        assertThat(create.counts()).isEqualTo(new ImportCounts(4, 4, 0, 0, 0));
        assertThat(byName(t, ada, "Fresh")).hasSize(3);
        assertThat(byName(t, ada, "ACME")).hasSize(2);
    }

    /**
     * A batch asks the database once which of its names, e-mails and phones are taken; a row matching by any one
     * of them, stored or written earlier in the same batch, is still found, and a deleted customer matches nothing.
     */
    @OnEveryDatabase
    void duplicatesByEmailOrPhoneAloneAndWithinTheBatchAreFound(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        Customer mail = db.as(ada, () -> db.store.create(CustomerFixture.company("Mail Co", "sales@mail.example",
                null), false));
        Customer phone = db.as(ada, () -> db.store.create(CustomerFixture.company("Phone Co", null,
                "+86 21 5555 0199"), false));
        Customer gone = db.as(ada, () -> db.store.create(CustomerFixture.company("Gone Co", "gone@example.com",
                null), false));
        db.as(ada, () -> {
            db.store.delete(gone.id(), null);
            return null;
        });
        String file = "name,email,phone\n"
                + "Other Name,SALES@mail.example,\n"
                + "Third Name,,86 (21) 5555-0199\n"
                + "Gone Again,gone@example.com,\n"
                + "New One,new@example.com,+86 10 1234 5678\n"
                + "New Two,NEW@example.com,\n"
                + "New Three,,86-10-12345678\n"
                + "new   one,,\n";

        ImportView skip = t.importFile(ada, "customer", utf8(file), false, "skip");
        assertThat(skip.counts()).isEqualTo(new ImportCounts(7, 2, 0, 5, 0));
        String newOne = byName(t, ada, "New One").get(0).id();
        assertThat(t.issues(ada, skip.id())).extracting(RowIssue::row, RowIssue::message)
                .containsExactly(tuple(2L, "duplicate of " + mail.id()), tuple(3L, "duplicate of " + phone.id()),
                        tuple(6L, "duplicate of " + newOne), tuple(7L, "duplicate of " + newOne),
                        tuple(8L, "duplicate of " + newOne));
        assertThat(byName(t, ada, "Gone Again")).as("a deleted customer is no duplicate").hasSize(1);
    }

    /**
     * Rows that duplicate nothing are written together, a batch (or the run of rows between two possible
     * duplicates) at a time, with one call of the audit trail; each still gets its tags, values, entry and event.
     */
    @OnEveryDatabase
    void newRowsAreWrittenTogetherWithOneAuditCallForEachRunOfThem(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        db.rep("bo");
        StringBuilder file = new StringBuilder("Name,Email,Tags,Owner,Tier\n");
        for (int row = 1; row <= 450; row++) {
            // row 100 has row 10's e-mail: a possible duplicate, asked about alone
            int mail = row == 100 ? 10 : row;
            file.append("Customer ").append(row).append(",buyer").append(mail).append("@example.com,vip;east,")
                    .append(row % 2 == 0 ? "bo" : "").append(',').append(row % 3 == 0 ? "silver" : "gold")
                    .append('\n');
        }

        ImportView upload = t.upload(ada, "customer", utf8(file.toString()));
        db.statements.reset();
        t.start(ada, upload.id(), null, false, "skip");
        ImportView done = db.as(ada, () -> t.imports.find(upload.id()));

        assertThat(done.counts()).isEqualTo(new ImportCounts(450, 449, 0, 1, 0));
        // a row, its two tags and its value are four INSERTs: sent one by one, that would be 1,800 trips
        assertThat(db.statements.roundTrips.get()).as("trips to the database for the whole import")
                .isLessThan(150);
        assertThat(t.issues(ada, done.id())).extracting(RowIssue::row).containsExactly(101L);
        // batches are written two at a time, so their calls may come in either order
        assertThat(db.auditCalls).as("the rows before and after the possible duplicate, then a batch each")
                .containsExactlyInAnyOrder(99, 100, 200, 50);
        List<Customer> customers = all(t, ada);
        assertThat(customers).hasSize(449).allSatisfy(customer -> {
            assertThat(customer.tags()).containsExactly("east", "vip");
            assertThat(customer.customFields()).containsKey("tier");
        });
        assertThat(byName(t, ada, "Customer 42").get(0)).satisfies(customer -> {
            assertThat(customer.ownerId()).isEqualTo("bo");
            assertThat(customer.customFields()).containsEntry("tier", "silver");
        });
        assertThat(byName(t, ada, "Customer 43").get(0).ownerId()).isEqualTo("ada");
        assertThat(db.audit).hasSize(449).allSatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("CREATED");
            assertThat(entry.actorId()).isEqualTo("ada");
            assertThat(entry.changes()).extracting(change -> change.field()).contains("name", "email", "tags",
                    "ownerId", "cf.tier");
        });
        assertThat(db.audit).extracting(CustomerFixture.Recorded::recordId)
                .containsExactlyInAnyOrderElementsOf(customers.stream().map(Customer::id).toList());
        assertThat(db.events(CustomerEvent.Created.class)).extracting(CustomerEvent.Created::customerId)
                .containsExactlyInAnyOrderElementsOf(customers.stream().map(Customer::id).toList());
        assertThat(storedValueRows(db)).isEqualTo(449);
    }

    @OnEveryDatabase
    void aDuplicateOutsideTheDataScopeIsSkippedWithoutNamingIt(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser boss = t.importer("boss");
        TestUser rep = db.user("rep", Set.of("customers:read", "customers:write", "customers:import"),
                new DataScope(ScopeKind.OWN, Set.of("rep")));
        db.as(boss, () -> db.store.create(CustomerFixture.company("Hidden Co"), false));

        ImportView skip = t.importFile(rep, "customer", utf8("name\nHidden Co\n"), false, null);
        assertThat(t.issues(rep, skip.id())).extracting(RowIssue::message)
                .containsExactly("duplicate of a customer outside your data scope");
        ImportView update = t.importFile(rep, "customer", utf8("name\nHidden Co\n"), false, "update");
        assertThat(t.issues(rep, update.id())).extracting(RowIssue::message)
                .containsExactly("matches a customer outside your data scope");
        assertThat(db.as(boss, () -> t.imports.find(update.id())).id()).as("those who see all jobs")
                .isEqualTo(update.id());
        TestUser other = db.user("other", Set.of("customers:read", "customers:write", "customers:import"),
                new DataScope(ScopeKind.OWN, Set.of("other")));
        assertThatThrownBy(() -> db.as(other, () -> t.imports.find(update.id())))
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(404));
    }

    @OnEveryDatabase
    void utf8WithAndWithoutByteOrderMarkAndGbkAreRead(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        String file = "名称,邮箱,手机,城市\r\n北京星辰科技有限公司,xc@example.cn,138-0000-0001,北京\r\n";

        ImportView bom = t.upload(ada, "customer", utf8WithBom(file));
        assertThat(bom.headers()).as("the byte-order mark is no part of the first header")
                .containsExactly("名称", "邮箱", "手机", "城市");
        assertThat(bom.suggestedMapping()).containsExactly(Map.entry("名称", "name"), Map.entry("邮箱", "email"),
                Map.entry("手机", "phone"), Map.entry("城市", "address.city"));
        assertThat(t.upload(ada, "customer", "GBK", utf8WithBom(file)).encoding())
                .as("a byte-order mark says UTF-8 for certain").isEqualTo("UTF-8");
        ImportView plain = t.upload(ada, "customer", utf8(file.replace("北京星辰", "上海星辰")));
        ImportView chinese = t.upload(ada, "customer", "GBK", gbk(file.replace("北京星辰", "广州星辰")));
        assertThat(chinese.encoding()).isEqualTo("GBK");
        assertThat(chinese.headers()).containsExactly("名称", "邮箱", "手机", "城市");
        for (ImportView upload : List.of(bom, plain, chinese)) {
            t.start(ada, upload.id(), null, false, "create");
        }

        assertThat(all(t, ada)).extracting(Customer::name, customer -> customer.address().city())
                .containsExactlyInAnyOrder(tuple("北京星辰科技有限公司", "北京"), tuple("上海星辰科技有限公司", "北京"),
                        tuple("广州星辰科技有限公司", "北京"));
        int kept = uploadedFiles().size();
        assertThatThrownBy(() -> t.upload(ada, "customer", gbk(file)))
                .as("GBK read as UTF-8 is refused on upload, saying what to do")
                .hasMessageContaining("line 1: the text is not valid UTF-8")
                .hasMessageContaining("GBK");
        assertThat(uploadedFiles()).as("nothing is kept of a refused upload").hasSize(kept);
    }

    @OnEveryDatabase
    void aQuoteThatIsNeverClosedFailsTheJobWithItsLineBeforeAnythingIsWritten(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");

        assertThatThrownBy(() -> t.upload(ada, "customer", utf8("name\nFine\n\"Open\nNext\n")))
                .as("among the rows read on upload").hasMessage("line 3: a quoted value is never closed, so the"
                        + " rest of the file cannot be read");
        StringBuilder file = new StringBuilder("name,email\n");
        for (int i = 0; i < ImportService.SAMPLE_ROWS + 5; i++) {
            file.append("Fine ").append(i).append(",f").append(i).append("@example.com\n");
        }
        file.append("\"Open,o@example.com\nNext,n@example.com\n");

        ImportView done = t.importFile(ada, "customer", utf8(file.toString()), false, null);

        JobStatus job = t.job(done);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.message()).isEqualTo("line 27: a quoted value is never closed, so the rest of the file"
                + " cannot be read; nothing was imported");
        assertThat(done.status()).isEqualTo(ImportStatus.FAILED);
        assertThat(all(t, ada)).isEmpty();
    }

    @OnEveryDatabase
    void aCancelledImportStopsBetweenBatchesKeepingThoseWritten(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        int rows = 20 * ImportRun.BATCH_SIZE;
        StringBuilder file = new StringBuilder("name\n");
        for (int i = 0; i < rows; i++) {
            file.append("Customer ").append(i).append('\n');
        }
        t.jobs.cancelWhenProcessed = processed -> processed >= ImportRun.BATCH_SIZE;

        ImportView done = t.importFile(ada, "customer", utf8(file.toString()), false, null);

        assertThat(t.job(done).state()).isEqualTo(JobState.CANCELLED);
        assertThat(done.status()).isEqualTo(ImportStatus.CANCELLED);
        // the batches being written when the cancel was seen are finished, and counted: whole batches, all told
        long written = done.counts().created();
        assertThat(written).isBetween((long) ImportRun.BATCH_SIZE, (long) (1 + t.writers)
                * ImportRun.BATCH_SIZE).isLessThan(rows);
        assertThat(written % ImportRun.BATCH_SIZE).isZero();
        assertThat(done.counts().processed()).isEqualTo(written);
        assertThat(done.message()).startsWith("Cancelled after line " + (written + 1) + ". Imported " + written
                + " rows");
        assertThat(all(t, ada)).extracting(Customer::name).hasSize((int) written)
                .allMatch(name -> Integer.parseInt(name.substring("Customer ".length())) < written);
    }

    @OnEveryDatabase
    void batchesSharingNoKeyAreWrittenAtTheSameTime(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        AtomicBoolean sawBothAtOnce = secondBatchWhileFirstOpen(db, 20);

        ImportView done = t.importFile(ada, "customer", utf8(numbered(2 * ImportRun.BATCH_SIZE, Map.of())), false,
                "skip");

        assertThat(sawBothAtOnce).as("the second batch was written while the first was").isTrue();
        assertThat(done.counts()).isEqualTo(new ImportCounts(2 * ImportRun.BATCH_SIZE, 2 * ImportRun.BATCH_SIZE, 0,
                0, 0));
        assertThat(all(t, ada)).hasSize(2 * ImportRun.BATCH_SIZE)
                .allSatisfy(customer -> assertThat(customer.ownerId()).isEqualTo(ada.id()));
        assertThat(db.audit).hasSize(2 * ImportRun.BATCH_SIZE)
                .allSatisfy(entry -> assertThat(entry.actorId()).isEqualTo(ada.id()));
    }

    @OnEveryDatabase
    void aBatchWithARowDuplicatingOneBeingWrittenWaitsForIt(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        int twin = ImportRun.BATCH_SIZE + 50;
        // were the second batch let through, its duplicate check would run while the first is not committed
        AtomicBoolean overlapped = secondBatchWhileFirstOpen(db, 2);

        ImportView done = t.importFile(ada, "customer", utf8(numbered(2 * ImportRun.BATCH_SIZE,
                Map.of(twin, "Customer 5"))), false, "skip");

        assertThat(overlapped).as("the second batch waited for the first").isFalse();
        assertThat(done.counts()).isEqualTo(new ImportCounts(2 * ImportRun.BATCH_SIZE, 2 * ImportRun.BATCH_SIZE - 1,
                0, 1, 0));
        assertThat(byName(t, ada, "Customer 5")).hasSize(1);
        assertThat(t.issues(ada, done.id())).extracting(RowIssue::row).containsExactly(twin + 2L);
    }

    @OnEveryDatabase
    void oneWriterWritesOneBatchAfterTheOther(CustomerFixture db) {
        db.setting("import_writers", 1);
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        AtomicBoolean overlapped = secondBatchWhileFirstOpen(db, 2);

        ImportView done = t.importFile(ada, "customer", utf8(numbered(2 * ImportRun.BATCH_SIZE, Map.of())), false,
                "skip");

        assertThat(overlapped).isFalse();
        assertThat(done.counts().created()).isEqualTo(2 * ImportRun.BATCH_SIZE);
    }

    @OnEveryDatabase
    void theWritersSettingIsKeptBetweenOneAndEight(CustomerFixture db) {
        assertThat(ImportService.configured(db.poolSettings())).as("as shipped").isEqualTo(2);
        db.setting("import_writers", 0);
        assertThat(ImportService.configured(db.poolSettings())).isEqualTo(1);
        db.setting("import_writers", 3);
        assertThat(ImportService.configured(db.poolSettings())).isEqualTo(3);
        db.setting("import_writers", 40);
        assertThat(ImportService.configured(db.poolSettings())).isEqualTo(ImportService.MAX_WRITERS).isEqualTo(8);
    }

    /** A file of customers named "Customer n", n counting from 0, except the rows given other names. */
    private static String numbered(int rows, Map<Integer, String> renamed) {
        StringBuilder file = new StringBuilder("name\n");
        for (int i = 0; i < rows; i++) {
            file.append(renamed.getOrDefault(i, "Customer " + i)).append('\n');
        }
        return file.toString();
    }

    /**
     * Holds the first batch's transaction open, at its first customer's event, until the second batch publishes its
     * first customer from inside its own transaction, or {@code seconds} pass.
     *
     * @return set as the first batch goes on: whether the second batch was being written meanwhile
     */
    private static AtomicBoolean secondBatchWhileFirstOpen(CustomerFixture db, int seconds) {
        CountDownLatch secondWriting = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicBoolean held = new AtomicBoolean();
        db.whilePublishing = event -> {
            if (!(event instanceof CustomerEvent.Created created)) {
                return;
            }
            if (created.name().equals("Customer " + ImportRun.BATCH_SIZE)) {
                secondWriting.countDown();
            }
            if (created.name().equals("Customer 0") && held.compareAndSet(false, true)) {
                try {
                    overlapped.set(secondWriting.await(seconds, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
        return overlapped;
    }

    @OnEveryDatabase
    void mappingsAndPermissionsAreCheckedBeforeAnythingRuns(CustomerFixture db) {
        Transfers t = transfers(db, uploads);
        TestUser ada = t.importer("ada");
        ImportView upload = t.upload(ada, "customer", utf8("Company,Mail,Notes\nA,a@example.com,x\n"));
        assertThat(upload.suggestedMapping()).containsExactly(Map.entry("Company", "name"), Map.entry("Mail", "email"));

        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("Company", "name");
        bad.put("Mail", "name");
        bad.put("Notes", "colour");
        bad.put("Missing", "email");
        assertThatThrownBy(() -> t.start(ada, upload.id(), bad, false, null)).satisfies(e -> assertThat(
                ((ProblemException) e).problem().errors()).extracting(FieldError::field).containsExactly(
                "mapping.Mail", "mapping.Notes", "mapping.Missing"));
        assertThatThrownBy(() -> t.start(ada, upload.id(), Map.of("Mail", "email"), false, null))
                .satisfies(e -> assertThat(((ProblemException) e).problem().errors()).containsExactly(
                        new FieldError("mapping", "map a column to name")));
        assertThatThrownBy(() -> t.start(ada, upload.id(), null, false, "merge"))
                .hasMessageContaining("duplicates");
        assertThat(db.as(ada, () -> t.imports.find(upload.id())).status()).isEqualTo(ImportStatus.UPLOADED);

        TestUser reader = db.user("reader", Set.of("customers:read", "customers:write"), DataScope.all());
        assertThatThrownBy(() -> t.upload(reader, "customer", utf8("name\nA\n")))
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(403));
        TestUser leadsOnly = db.user("leads-only", Set.of("customers:import", "leads:write"), DataScope.all());
        assertThatThrownBy(() -> t.upload(leadsOnly, "customer", utf8("name\nA\n")))
                .hasMessageContaining("customers:write");
        assertThatThrownBy(() -> t.upload(ada, "invoice", utf8("name\nA\n"))).hasMessageContaining("recordType");
        assertThatThrownBy(() -> t.upload(ada, "customer", utf8(""))).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> t.upload(ada, "customer", "Latin-1", utf8("name\nA\n")))
                .hasMessageContaining("encoding");
    }

    private static List<Customer> all(Transfers t, TestUser user) {
        return t.db.as(user, () -> CustomerFixture.all(page -> t.db.store.list(CustomerQuery.parse(Map.of()), page)));
    }

    private static List<Customer> byName(Transfers t, TestUser user, String name) {
        return all(t, user).stream().filter(customer -> customer.name().equals(name)).toList();
    }

    private static long storedValueRows(CustomerFixture db) {
        var em = db.factory.createEntityManager();
        try {
            return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM core_field_value").getSingleResult())
                    .longValue();
        } finally {
            em.close();
        }
    }

    private List<Path> uploadedFiles() {
        try (var files = java.nio.file.Files.walk(uploads)) {
            return files.filter(java.nio.file.Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
