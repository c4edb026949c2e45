package io.relata.core.customers.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.relata.api.job.JobStatus;

/**
 * An import as the API answers it.
 *
 * @param id               the import's id
 * @param recordType       {@code customer}, {@code contact} or {@code lead}
 * @param fileName         the uploaded file's name, as the client gave it
 * @param encoding         how the file is read: {@code UTF-8} (always for a file with a byte-order mark),
 *                         {@code GBK} or {@code GB18030}
 * @param headers          the file's first row
 * @param suggestedMapping header → field for the headers Relata recognised
 * @param rowsSampled      how many rows after the header were read on upload to check the file
 * @param status           where the import is
 * @param jobId            the last run's job ({@code GET /api/v1/jobs/{id}}), {@code null} before the first
 * @param job              that job as it is now, if the caller may see it
 * @param dryRun           whether the last run was a dry run; {@code null} before the first
 * @param duplicates       the last run's duplicate handling: {@code SKIP}, {@code UPDATE} or {@code CREATE}
 * @param mapping          the last run's columns, header → field
 * @param counts           what the last run did with the rows (or would have done, for a dry run)
 * @param errorsNotStored  rejected or skipped rows beyond the first 10,000, counted but not listed
 * @param message          how the last run ended
 */
public record ImportView(String id, String recordType, String fileName, String encoding, List<String> headers,
                         Map<String, String> suggestedMapping, int rowsSampled, ImportStatus status, String jobId,
                         JobStatus job, Boolean dryRun, String duplicates, Map<String, String> mapping,
                         ImportCounts counts, long errorsNotStored, String message, String createdBy,
                         Instant createdAt, Instant finishedAt) {
}
