package io.relata.core.customers.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.job.JobContext;
import io.relata.api.job.JobWork;
import io.relata.api.rest.ProblemException;
import io.relata.core.customers.customer.DuplicateMatches;

/**
 * The import job. It reads the file twice, a record at a time: once to count the rows and make sure the file can be
 * read to its end (so a file that cannot be read fails before anything is written), then to import it in batches,
 * each batch one transaction. Memory holds one batch of rows at most; the rows it rejects go to the database with
 * each batch.
 *
 * <p>A row is written whole or not at all: its fields are built and validated before the batch's transaction, and
 * a row that still fails inside it (a rule that needs the database, say) rolls the batch back, which is then
 * written again row by row, each row its own transaction, so only that row is lost. A dry run does all of it in
 * transactions that are rolled back.
 */
final class ImportRun<F> implements JobWork {

    static final int BATCH_SIZE = 200;
    static final int MAX_STORED_ISSUES = 10_000;
    /** Rows failing one after another for reasons no validation knows mean the database is in trouble: stop. */
    static final int MAX_UNEXPECTED_IN_A_ROW = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

    /**
     * @param columns column index → field, as {@link FieldMapping#resolve} answers
     */
    record Plan(String importId, Charset charset, Map<Integer, String> columns, boolean dryRun,
                DuplicateMode duplicates) {
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

    private record Prepared<F>(ImportRow row, F fields) {
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
    private int unexpectedInARow;
    private long lastLine;

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
                    process(batch, unreadable, context);
                    batch = new ArrayList<>(BATCH_SIZE);
                    unreadable = new ArrayList<>();
                    if (context.cancelled()) {
                        return false;
                    }
                }
            }
            process(batch, unreadable, context);
            return true;
        }
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

    private void process(List<ImportRow> batch, List<RowIssue> unreadable, JobContext context) {
        List<RowIssue> issues = new ArrayList<>(unreadable);
        long created = 0;
        long updated = 0;
        long skipped = 0;
        long failed = unreadable.size();
        List<Prepared<F>> ready = new ArrayList<>(batch.size());
        for (ImportRow row : batch) {
            try {
                ready.add(new Prepared<>(row, importer.prepare(row)));
            } catch (RowRejected rejected) {
                issues.addAll(rejected.issues(row.line()));
                failed++;
            }
        }
        for (Outcome outcome : writeAll(ready)) {
            issues.addAll(outcome.issues());
            switch (outcome.result()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case SKIPPED -> skipped++;
                case REJECTED -> failed++;
            }
        }
        counts = counts.plus(new ImportCounts(batch.size() + unreadable.size(), created, updated, skipped, failed));
        issues.sort(Comparator.comparingLong(RowIssue::row));
        int room = Math.max(0, MAX_STORED_ISSUES - storedIssues);
        List<RowIssue> kept = issues.size() <= room ? issues : issues.subList(0, room);
        notStoredIssues += issues.size() - kept.size();
        records.recordBatch(plan.importId(), kept, storedIssues, counts, notStoredIssues);
        storedIssues += kept.size();
        context.progress(counts.processed(), counts.succeeded(), counts.failed());
        context.message((plan.dryRun() ? "dry run: " : "importing: ") + "read to line "
                + String.format(Locale.ROOT, "%,d", lastLine));
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
                Map<Prepared<F>, Set<String>> keys = new IdentityHashMap<>();
                boolean checked = plan.duplicates() != DuplicateMode.CREATE;
                Set<String> stored = checked ? storedKeys(em, rows, keys) : null;
                Set<String> earlierInBatch = new HashSet<>();
                List<F> toCreate = new ArrayList<>();
                for (Prepared<F> row : rows) {
                    Set<String> mine = keys.getOrDefault(row, Set.of());
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
            unexpectedInARow = 0;
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
            unexpectedInARow = 0;
            return outcome;
        } catch (ProblemException e) {
            unexpectedInARow = 0;
            return Outcome.rejected(RowRejected.issues(line, e));
        } catch (RuntimeException e) {
            if (++unexpectedInARow >= MAX_UNEXPECTED_IN_A_ROW) {
                throw new IllegalStateException(MAX_UNEXPECTED_IN_A_ROW + " rows in a row could not be written; the"
                        + " last: " + OneLine.of(e), e);
            }
            LOG.warn("Import {}: row at line {} could not be written", plan.importId(), line, e);
            return Outcome.rejected(List.of(RowIssue.error(line, null, "could not be written: " + OneLine.of(e))));
        }
    }

    /** @return the keys of the rows ({@code keys}, filled here) that a stored record has; {@code null}: unknown */
    private Set<String> storedKeys(EntityManager em, List<Prepared<F>> rows, Map<Prepared<F>, Set<String>> keys) {
        Set<String> all = new HashSet<>();
        for (Prepared<F> row : rows) {
            Set<String> mine = importer.duplicateKeys(row.fields());
            keys.put(row, mine);
            all.addAll(mine);
        }
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
        if (plan.duplicates() == DuplicateMode.CREATE) {
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
        return complete ? done : "Cancelled at line " + String.format(Locale.ROOT, "%,d", lastLine) + ". " + done;
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
