package io.relata.core.customers.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An import as {@code core_import} keeps it: the uploaded file's first row, and the settings and outcome of its
 * last run.
 *
 * @param dryRun     whether the last run was a dry run; {@code null} before the first
 * @param duplicates the last run's duplicate handling; {@code null} before the first
 * @param mapping    the last run's columns, header → field; empty before the first
 * @param message    how the last run ended, for people; {@code null} while none did
 */
record ImportRecord(String id, RecordKind kind, String fileName, String encoding, List<String> headers,
                    int rowsSampled, ImportStatus status, String jobId, Boolean dryRun, String duplicates,
                    Map<String, String> mapping, ImportCounts counts, long issuesNotStored, String message,
                    String createdBy, Instant createdAt, Instant finishedAt) {

    ImportRecord {
        headers = List.copyOf(headers);
        mapping = mapping == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(mapping));
    }
}
