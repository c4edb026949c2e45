package io.relata.core.customers.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.job.JobContext;
import io.relata.api.job.JobWork;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;
import io.relata.core.customers.customer.DuplicateMatches;

/**
 * The import job. It reads the file twice, a record at a time: once to count the rows and make sure the file can be
 * read to its end (so a file that cannot be read fails before anything is written), then to import it in batches,
 * each batch one transaction. Memory holds the batches being written and the one being read; the rows they
 * reject go to the database with each batch.
 *
 * <p>A row is written whole or not at all: its fields are built and validated before the batch's transaction, and
 * a row that still fails inside it (a rule that needs the database, say) rolls the batch back, which is then
 * written again row by row, each row its own transaction, so only that row is lost. A dry run does all of it in
 * transactions that are rolled back.
 *
 * <p>Where the record type allows it ({@link RecordImport#batchesMayRunTogether}), {@link Plan#writers} batches
 * are written at once, each on a thread of its own acting for the importer, while this thread reads and checks the
 * next. A batch's transaction keeps one database connection, and so one database process, busy, and the import's
 * own work is a fraction of the database's: a second batch puts the database to work on a second core. A batch
 * one of whose rows shares a duplicate key with a row of a batch being written waits until that batch is stored,
 * so the duplicate check sees it as it would one batch after the other. Imports that update duplicates write one
 * batch after the other, as rows of two batches may update the same record. Counts, issues and progress are
 * recorded in the file's order, on this thread.
 */
final class ImportRun<F> implements JobWork {

    static final int BATCH_SIZE = 200;
    static final int MAX_STORED_ISSUES = 10_000;
    /** Rows failing one after another for reasons no validation knows mean the database is in trouble: stop. */
    static final int MAX_UNEXPECTED_IN_A_ROW = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

    /**
     * @param columns column index → field, as {@link FieldMapping#resolve} answers
     * @param writers batches written at once where the record type allows it; 1: one after the other
     */
    record Plan(String importId, Charset charset, Map<Integer, String> columns, boolean dryRun,
                DuplicateMode duplicates, int writers) {

        /** Whether rows are compared with those stored (and those before them) before they are written. */
        boolean checksDuplicates() {
            return duplicates != DuplicateMode.CREATE;
        }
    }

    private enum Result { CREATED, UPDATED, SKIPPED, REJECTED }

    private record Outcome(Result result, List<RowIssue> issues) {
        static Outcome of(Result result) {
            return new Outcome(result, List.of());
        }

        static Outcome rejected(List<RowIssue> issues) {
            return new Outcome(Result.REJECTED, issues);
        }
    }

    /** @param keys the values a duplicate of the row is found by; empty when duplicates are not looked for */
    private record Prepared<F>(ImportRow row, F fields, Set<String> keys) {
    }

    /**
     * What was decided about a batch before its transaction.
     *
     * @param rows     the batch's rows, unreadable ones included
     * @param rejected the rows rejected before the transaction
     * @param keys     the duplicate keys of the rows to write
     */
    private record Batch(long rows, long lastLine, List<RowIssue> issues, long rejected, Set<String> keys) {
    }

    /** A batch on a writer, and its outcomes once written. */
    private record Writing(Batch batch, CompletableFuture<List<Outcome>> outcomes) {
    }

    /** Carries a dry run's outcome out of the transaction it rolls back. */
    private static final class RolledBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Object outcome;

        RolledBack(Object outcome) {
            super("dry run", null, false, false);
            this.outcome = outcome;
        }
    }

    private final Plan plan;
    private final RecordImport<F> importer;
    private final ImportFiles files;
    private final ImportRecords records;
    private final JpaTemplate jpa;
    private final Clock clock;
    private ImportCounts counts = ImportCounts.NONE;
    private int storedIssues;
    private long notStoredIssues;
    private final AtomicInteger unexpectedInARow = new AtomicInteger();
    private long lastLine;
    /** The last line of the last batch recorded: a cancelled import stopped after it. */
    private long recordedToLine;
    /** The batches being written, oldest first. */
    private final Deque<Writing> inFlight = new ArrayDeque<>();
    /** {@code null}: the batches are written on the job's thread, one after the other. */
    private ExecutorService writers;
    private UserPrincipal importerPrincipal;

    ImportRun(Plan plan, RecordImport<F> importer, ImportFiles files, ImportRecords records, JpaTemplate jpa,
              Clock clock) {
        this.plan = plan;
        this.importer = importer;
        this.files = files;
        this.records = records;
        this.jpa = jpa;
        this.clock = clock;
    }

    @Override
    public void run(JobContext context) throws Exception {
        records.jobStarted(plan.importId(), context.jobId());
        try {
            context.message("checking the file");
            context.total(countRows());
            boolean complete = importRows(context);
            String summary = summary(complete);
            context.message(summary);
            context.result(result());
            end(complete ? ImportStatus.IMPORTED : ImportStatus.CANCELLED, summary);
        } catch (CsvRowReader.Unreadable e) {
            String message = e.getMessage() + (counts.processed() == 0 ? "; nothing was imported"
                    : "; the rows before it were imported");
            throw failed(new IllegalStateException(message, e), message);
        } catch (IOException | RuntimeException e) {
            String message = "the import stopped after " + counts.processed() + " rows: " + OneLine.of(e);
            throw failed(new IllegalStateException(message, e), message);
        }
    }

    /**
     * Records the failure, without letting a second one (the database is down, say) hide the first.
     *
     * @return what the job fails with: its message is the job's, for people
     */
    private IllegalStateException failed(IllegalStateException failure, String message) {
        try {
            end(ImportStatus.FAILED, message);
        } catch (RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
        return failure;
    }

    private long countRows() throws IOException {
        try (InputStream in = files.open(plan.importId()); CsvRowReader reader = new CsvRowReader(in,
                plan.charset())) {
            long rows = -1;
            while (reader.next() != null) {
                rows++;
            }
            return Math.max(rows, 0);
        }
    }

    /** @return whether every row was read; {@code false} when the job was cancelled */
    private boolean importRows(JobContext context) throws IOException {
        writers = plan.writers() > 1 && importer.batchesMayRunTogether() && plan.duplicates() != DuplicateMode.UPDATE
                ? writerThreads() : null;
        // the writers act for the user the job runs as
        importerPrincipal = writers == null ? null : importer.services.currentUser().require();
        try (InputStream in = files.open(plan.importId()); CsvRowReader reader = new CsvRowReader(in,
                plan.charset())) {
            CsvRowReader.Item header = reader.next();
            int columns = header instanceof CsvRowReader.Row row ? row.values().size() : 0;
            List<ImportRow> batch = new ArrayList<>(BATCH_SIZE);
            List<RowIssue> unreadable = new ArrayList<>();
            for (CsvRowReader.Item item = reader.next(); item != null; item = reader.next()) {
                lastLine = item.line();
                if (item instanceof CsvRowReader.Broken broken) {
                    unreadable.add(RowIssue.error(broken.line(), null, broken.message()));
                } else if (overflows((CsvRowReader.Row) item, columns)) {
                    unreadable.add(RowIssue.error(item.line(), null, "has more values than the header has columns;"
                            + " a value with a comma needs quotes around it"));
                } else {
                    batch.add(mapped((CsvRowReader.Row) item));
                }
                if (batch.size() + unreadable.size() >= BATCH_SIZE) {
                    if (context.cancelled()) {
                        recordInFlight(context);
                        return false;
                    }
                    submit(batch, unreadable, context);
                    batch = new ArrayList<>(BATCH_SIZE);
                    unreadable = new ArrayList<>();
                }
            }
            if (context.cancelled()) {
                recordInFlight(context);
                return false;
            }
            submit(batch, unreadable, context);
            recordInFlight(context);
            return true;
        } catch (IOException | RuntimeException e) {
            // the job ends with this failure only once nothing is being written, and with what was written counted
            try {
                recordInFlight(context);
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        } finally {
            if (writers != null) {
                writers.shutdown();
            }
        }
    }

    /** Daemon threads, so that a server stopping mid-import is not held up by them; they start as batches come. */
    private ExecutorService writerThreads() {
        AtomicInteger started = new AtomicInteger();
        return Executors.newFixedThreadPool(plan.writers(), work -> {
            Thread thread = new Thread(work, "relata-import-" + plan.importId() + "-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static boolean overflows(CsvRowReader.Row row, int columns) {
        return row.values().stream().skip(columns).anyMatch(value -> !value.isBlank());
    }

    private ImportRow mapped(CsvRowReader.Row row) {
        Map<String, String> values = new LinkedHashMap<>();
        plan.columns().forEach((column, field) -> {
            String value = column < row.values().size() ? Csv.restored(row.values().get(column).strip()) : "";
            if (!value.isBlank()) {
                values.put(field, value);
            }
        });
        return new ImportRow(row.line(), values);
    }

    /**
     * Checks the batch's rows on this thread, then writes the good ones: here, or on a writer once a writer is free
     * and no batch being written shares a duplicate key with this one. Records the batches that were waited for.
     */
    private void submit(List<ImportRow> batch, List<RowIssue> unreadable, JobContext context) {
        List<RowIssue> issues = new ArrayList<>(unreadable);
        long rejected = unreadable.size();
        boolean checked = plan.checksDuplicates();
        List<Prepared<F>> ready = new ArrayList<>(batch.size());
        Set<String> keys = new HashSet<>();
        for (ImportRow row : batch) {
            try {
                F fields = importer.prepare(row);
                Set<String> mine = checked ? importer.duplicateKeys(fields) : Set.of();
                keys.addAll(mine);
                ready.add(new Prepared<>(row, fields, mine));
            } catch (RowRejected refused) {
                issues.addAll(refused.issues(row.line()));
                rejected++;
            }
        }
        Batch checkedBatch = new Batch(batch.size() + unreadable.size(), lastLine, issues, rejected, keys);
        if (writers == null) {
            record(checkedBatch, writeAll(ready), context);
            return;
        }
        if (inFlight.stream().anyMatch(other -> !Collections.disjoint(other.batch().keys(), keys))) {
            // a row may duplicate a row being written: the duplicate check must find that row stored
            recordInFlight(context);
        }
        while (inFlight.size() >= plan.writers()) {
            recordOldest(context);
        }
        inFlight.addLast(new Writing(checkedBatch, CompletableFuture.supplyAsync(
                () -> asImporter(importerPrincipal, () -> writeAll(ready)), writers)));
    }

    /** Waits for the batches being written and records each, in the file's order; then throws the first failure. */
    private void recordInFlight(JobContext context) {
        RuntimeException failure = null;
        while (!inFlight.isEmpty()) {
            try {
                recordOldest(context);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void recordOldest(JobContext context) {
        Writing oldest = inFlight.removeFirst();
        List<Outcome> outcomes;
        try {
            outcomes = oldest.outcomes().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        record(oldest.batch(), outcomes, context);
    }

    /** The writer works for the importer, as the job's thread does. */
    private <T> T asImporter(UserPrincipal me, Callable<T> work) {
        CurrentUser users = importer.services.currentUser();
        try {
            return UserPrincipal.SYSTEM.equals(me.id()) ? users.runAsSystem(work) : users.runAs(me.username(), work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(Batch batch, List<Outcome> outcomes, JobContext context) {
        List<RowIssue> issues = new ArrayList<>(batch.issues());
        long created = 0;
        long updated = 0;
        long skipped = 0;
        long failed = batch.rejected();
        for (Outcome outcome : outcomes) {
            issues.addAll(outcome.issues());
            switch (outcome.result()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case SKIPPED -> skipped++;
                case REJECTED -> failed++;
            }
        }
        counts = counts.plus(new ImportCounts(batch.rows(), created, updated, skipped, failed));
        issues.sort(Comparator.comparingLong(RowIssue::row));
        int room = Math.max(0, MAX_STORED_ISSUES - storedIssues);
        List<RowIssue> kept = issues.size() <= room ? issues : issues.subList(0, room);
        notStoredIssues += issues.size() - kept.size();
        records.recordBatch(plan.importId(), kept, storedIssues, counts, notStoredIssues);
        storedIssues += kept.size();
        context.progress(counts.processed(), counts.succeeded(), counts.failed());
        recordedToLine = batch.lastLine();
        context.message((plan.dryRun() ? "dry run: " : "importing: ") + "read to line "
                + String.format(Locale.ROOT, "%,d", recordedToLine));
    }

    private List<Outcome> writeAll(List<Prepared<F>> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        try {
            List<Outcome> outcomes = transaction(em -> {
                List<Outcome> written = new ArrayList<>(rows.size());
                // one query for the batch finds the rows that may be duplicates; only those are asked about one by
                // one, the others (when a new file is imported, nearly all) are created together
                boolean checked = plan.checksDuplicates();
                Set<String> stored = checked ? storedKeys(em, rows) : null;
                Set<String> earlierInBatch = new HashSet<>();
                List<F> toCreate = new ArrayList<>();
                for (Prepared<F> row : rows) {
                    Set<String> mine = row.keys();
                    boolean none = !checked || stored != null && mine.stream().noneMatch(key -> stored.contains(key)
                            || earlierInBatch.contains(key));
                    earlierInBatch.addAll(mine);
                    if (none) {
                        toCreate.add(row.fields());
                        written.add(Outcome.of(Result.CREATED));
                    } else {
                        // the store's duplicate check reads the database: the rows before this one must be there
                        createAll(em, toCreate);
                        written.add(write(row));
                        forgetIfDryRun(em);
                    }
                }
                createAll(em, toCreate);
                return written;
            });
            unexpectedInARow.set(0);
            return outcomes;
        } catch (RuntimeException batchFailed) {
            // one row failed inside the transaction and took the whole batch back with it
            List<Outcome> outcomes = new ArrayList<>(rows.size());
            for (Prepared<F> row : rows) {
                outcomes.add(writeAlone(row));
            }
            return outcomes;
        }
    }

    private Outcome writeAlone(Prepared<F> row) {
        long line = row.row().line();
        try {
            Outcome outcome = transaction(em -> write(row));
            unexpectedInARow.set(0);
            return outcome;
        } catch (ProblemException e) {
            unexpectedInARow.set(0);
            return Outcome.rejected(RowRejected.issues(line, e));
        } catch (RuntimeException e) {
            if (unexpectedInARow.incrementAndGet() >= MAX_UNEXPECTED_IN_A_ROW) {
                throw new IllegalStateException(MAX_UNEXPECTED_IN_A_ROW + " rows in a row could not be written; the"
                        + " last: " + OneLine.of(e), e);
            }
            LOG.warn("Import {}: row at line {} could not be written", plan.importId(), line, e);
            return Outcome.rejected(List.of(RowIssue.error(line, null, "could not be written: " + OneLine.of(e))));
        }
    }

    /** @return the rows' keys that a stored record has; {@code null}: unknown */
    private Set<String> storedKeys(EntityManager em, List<Prepared<F>> rows) {
        Set<String> all = new HashSet<>();
        rows.forEach(row -> all.addAll(row.keys()));
        return importer.storedKeys(em, all);
    }

    /** Creates rows known to duplicate nothing stored, nor any row before them in the batch; empties the list. */
    private void createAll(EntityManager em, List<F> rows) {
        if (!rows.isEmpty()) {
            importer.createAll(List.copyOf(rows));
            rows.clear();
            forgetIfDryRun(em);
        }
    }

    /**
     * A dry run's records are rolled back anyway, so they need no watching: without this every flush compares
     * every record of the batch. A batch that commits keeps them, as the shared cache is updated from them at the
     * commit.
     */
    private void forgetIfDryRun(EntityManager em) {
        if (plan.dryRun()) {
            em.flush();
            em.clear();
        }
    }

    /** Writes one row in the running transaction, deciding on duplicates by the store's own rules. */
    private Outcome write(Prepared<F> prepared) {
        F fields = prepared.fields();
        long line = prepared.row().line();
        if (!plan.checksDuplicates()) {
            importer.create(fields);
            return Outcome.of(Result.CREATED);
        }
        DuplicateMatches matches = importer.duplicatesOf(fields);
        if (matches.count() == 0) {
            importer.create(fields);
            return Outcome.of(Result.CREATED);
        }
        String recordType = importer.kind.recordType;
        if (plan.duplicates() == DuplicateMode.SKIP) {
            return new Outcome(Result.SKIPPED, List.of(RowIssue.skipped(line, "duplicate of " + (matches.visibleIds()
                    .isEmpty() ? "a " + recordType + " outside your data scope" : matches.visibleIds().get(0)))));
        }
        if (matches.count() > 1) {
            return Outcome.rejected(List.of(RowIssue.error(line, null, "matches " + matches.count() + " "
                    + importer.kind.plural + "; update the right one by hand, or import with duplicates=create")));
        }
        if (matches.visibleIds().isEmpty()) {
            return Outcome.rejected(List.of(RowIssue.error(line, null, "matches a " + recordType
                    + " outside your data scope")));
        }
        importer.update(matches.visibleIds().get(0), fields, prepared.row().given());
        return Outcome.of(Result.UPDATED);
    }

    @SuppressWarnings("unchecked")
    private <T> T transaction(Function<EntityManager, T> work) {
        if (!plan.dryRun()) {
            return jpa.txExpr(TransactionType.Required, work::apply);
        }
        try {
            jpa.txExpr(TransactionType.Required, em -> {
                throw new RolledBack(work.apply(em));
            });
            throw new IllegalStateException("a dry run's transaction must roll back");
        } catch (RolledBack done) {
            return (T) done.outcome;
        }
    }

    private String summary(boolean complete) {
        String counted = String.format(Locale.ROOT, "%,d created, %,d updated, %,d skipped as duplicates,"
                + " %,d rejected", counts.created(), counts.updated(), counts.skipped(), counts.failed());
        String rows = String.format(Locale.ROOT, "%,d rows", counts.processed());
        String done = plan.dryRun() ? "Dry run, nothing written: of " + rows + " " + counted.replaceFirst(
                "created", "would be created") : "Imported " + rows + ": " + counted;
        if (complete) {
            return done;
        }
        return (recordedToLine == 0 ? "Cancelled before the first batch. " : "Cancelled after line "
                + String.format(Locale.ROOT, "%,d", recordedToLine) + ". ") + done;
    }

    private Map<String, Object> result() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("importId", plan.importId());
        result.put("dryRun", plan.dryRun());
        result.put("rows", counts.processed());
        result.put("created", counts.created());
        result.put("updated", counts.updated());
        result.put("skipped", counts.skipped());
        result.put("rejected", counts.failed());
        result.put("errors", "/api/v1/imports/" + plan.importId() + "/errors");
        return result;
    }

    /** A dry run leaves the import ready to run again; a real one is done with its file. */
    private void end(ImportStatus status, String message) {
        records.finish(plan.importId(), plan.dryRun() ? ImportStatus.UPLOADED : status, message, counts,
                notStoredIssues, clock.instant().truncatedTo(ChronoUnit.MICROS));
        if (!plan.dryRun()) {
            files.delete(plan.importId());
        }
    }
}
