package io.relata.core.customers.transfer;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.Query;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;

/**
 * {@code core_import} and {@code core_import_issue}, in SQL of their own: they are bookkeeping of the import job,
 * not records users work with, so they stay out of the persistence unit's entities. Every method is a transaction
 * of its own, apart from the rows an import writes: a dry run rolls those back, never its report.
 */
final class ImportRecords {

    private static final String COLUMNS = "id, record_type, file_name, encoding, headers, rows_sampled, status,"
            + " job_id, dry_run, duplicates, mapping, processed, created, updated, skipped, failed, issues_not_stored,"
            + " message, created_by, created_at, finished_at";

    private final JpaTemplate jpa;

    ImportRecords(JpaTemplate jpa) {
        this.jpa = jpa;
    }

    void insert(ImportRecord upload) {
        jpa.tx(TransactionType.RequiresNew, em -> bind(em.createNativeQuery("INSERT INTO core_import (id,"
                        + " record_type, file_name, encoding, headers, rows_sampled, status, processed, created,"
                        + " updated, skipped, failed, issues_not_stored, created_by, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, 0, 0, 0, ?8, ?9)"), upload.id(),
                upload.kind().name(), upload.fileName(), upload.encoding(), Csv.line(upload.headers()),
                upload.rowsSampled(), upload.status().name(), upload.createdBy(),
                upload.createdAt().atOffset(ZoneOffset.UTC)).executeUpdate());
    }

    Optional<ImportRecord> find(String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        return jpa.txExpr(TransactionType.Supports, em -> {
            List<?> rows = bind(em.createNativeQuery("SELECT " + COLUMNS + " FROM core_import WHERE id = ?1"), id)
                    .getResultList();
            return rows.stream().findFirst().map(row -> record((Object[]) row));
        });
    }

    /**
     * Starts a run of an uploaded import, unless one runs or ran for real: a single statement, so two requests
     * racing to start it (on two servers) cannot both win. Clears what an earlier dry run reported.
     *
     * @return whether the import was waiting and now runs
     */
    boolean claim(String id, boolean dryRun, DuplicateMode duplicates, Map<String, String> mapping) {
        return jpa.txExpr(TransactionType.RequiresNew, em -> {
            int claimed = bind(em.createNativeQuery("UPDATE core_import SET status = ?1, job_id = NULL, dry_run = ?2,"
                            + " duplicates = ?3, mapping = ?4, processed = 0, created = 0, updated = 0, skipped = 0,"
                            + " failed = 0, issues_not_stored = 0, message = NULL, finished_at = NULL"
                            + " WHERE id = ?5 AND status = ?6"), ImportStatus.RUNNING.name(), dryRun, duplicates.name(),
                    Csv.line(flatten(mapping)), id, ImportStatus.UPLOADED.name()).executeUpdate();
            if (claimed == 1) {
                bind(em.createNativeQuery("DELETE FROM core_import_issue WHERE import_id = ?1"), id).executeUpdate();
            }
            return claimed == 1;
        });
    }

    void jobStarted(String id, String jobId) {
        jpa.tx(TransactionType.RequiresNew, em -> bind(em.createNativeQuery("UPDATE core_import SET job_id = ?1"
                + " WHERE id = ?2"), jobId, id).executeUpdate());
    }

    /**
     * Adds a batch's issues and the counts so far, together.
     *
     * @param firstPosition the position of the first issue among the import's stored ones
     */
    void recordBatch(String id, List<RowIssue> issues, int firstPosition, ImportCounts counts, long notStored) {
        jpa.tx(TransactionType.RequiresNew, em -> {
            int position = firstPosition;
            for (RowIssue issue : issues) {
                bind(em.createNativeQuery("INSERT INTO core_import_issue (import_id, position, row_number, kind,"
                                + " field, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"), id, position++, issue.row(),
                        issue.kind(), issue.field() == null ? "" : cut(issue.field(), 200), cut(issue.message(), 1000))
                        .executeUpdate();
            }
            updateCounts(em, id, counts, notStored);
        });
    }

    /** Ends the run; {@code status} {@link ImportStatus#UPLOADED} after a dry run, so it can run again. */
    void finish(String id, ImportStatus status, String message, ImportCounts counts, long notStored,
                Instant finishedAt) {
        jpa.tx(TransactionType.RequiresNew, em -> {
            updateCounts(em, id, counts, notStored);
            bind(em.createNativeQuery("UPDATE core_import SET status = ?1, message = ?2, finished_at = ?3"
                    + " WHERE id = ?4"), status.name(), cut(message, 500), finishedAt.atOffset(ZoneOffset.UTC), id)
                    .executeUpdate();
        });
    }

    /** Ends a run whose job ended without saying so (the server stopped), leaving the counts as they were. */
    void abandon(String id, ImportStatus status, String message, Instant finishedAt) {
        jpa.tx(TransactionType.RequiresNew, em -> bind(em.createNativeQuery("UPDATE core_import SET status = ?1,"
                + " message = ?2, finished_at = ?3 WHERE id = ?4 AND status = ?5"), status.name(), cut(message, 500),
                finishedAt.atOffset(ZoneOffset.UTC), id, ImportStatus.RUNNING.name()).executeUpdate());
    }

    /** @return up to {@code limit} issues after the position, in row order, and whether more follow */
    List<Positioned> issues(String id, long afterPosition, int limit) {
        return jpa.txExpr(TransactionType.Supports, em -> {
            Query select = bind(em.createNativeQuery("SELECT position, row_number, kind, field, message"
                    + " FROM core_import_issue WHERE import_id = ?1 AND position > ?2 ORDER BY position"), id,
                    afterPosition);
            List<Positioned> issues = new ArrayList<>();
            for (Object row : select.setMaxResults(limit).getResultList()) {
                Object[] values = (Object[]) row;
                String field = (String) values[3];
                issues.add(new Positioned(((Number) values[0]).longValue(), new RowIssue(
                        ((Number) values[1]).longValue(), field == null || field.isEmpty() ? null : field,
                        (String) values[4], (String) values[2])));
            }
            return issues;
        });
    }

    /** An issue with its place in the report, for cursors. */
    record Positioned(long position, RowIssue issue) {
    }

    private static void updateCounts(EntityManager em, String id, ImportCounts counts, long notStored) {
        bind(em.createNativeQuery("UPDATE core_import SET processed = ?1, created = ?2, updated = ?3, skipped = ?4,"
                        + " failed = ?5, issues_not_stored = ?6 WHERE id = ?7"), counts.processed(), counts.created(),
                counts.updated(), counts.skipped(), counts.failed(), notStored, id).executeUpdate();
    }

    private static Query bind(Query query, Object... values) {
        for (int i = 0; i < values.length; i++) {
            query.setParameter(i + 1, values[i]);
        }
        return query;
    }

    private static ImportRecord record(Object[] row) {
        List<String> mapping = Csv.values((String) row[10]);
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i + 1 < mapping.size(); i += 2) {
            columns.put(mapping.get(i), mapping.get(i + 1));
        }
        return new ImportRecord((String) row[0], RecordKind.valueOf((String) row[1]), (String) row[2],
                (String) row[3], Csv.values((String) row[4]), ((Number) row[5]).intValue(),
                ImportStatus.valueOf((String) row[6]), (String) row[7], (Boolean) row[8], (String) row[9], columns,
                new ImportCounts(number(row[11]), number(row[12]), number(row[13]), number(row[14]),
                        number(row[15])), number(row[16]), (String) row[17], (String) row[18], instant(row[19]),
                instant(row[20]));
    }

    private static List<String> flatten(Map<String, String> mapping) {
        List<String> flat = new ArrayList<>();
        mapping.forEach((header, field) -> {
            flat.add(header);
            flat.add(field);
        });
        return flat;
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Drivers answer a time with a zone as different types. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        if (value instanceof java.time.ZonedDateTime time) {
            return time.toInstant();
        }
        return (Instant) value;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
