package io.relata.core.customers.transfer;

/**
 * What an import's last run did with the rows so far; for a dry run, what it would have done.
 *
 * @param processed rows read, whatever became of them
 * @param created   rows that became new records
 * @param updated   rows applied to the record they duplicate
 * @param skipped   rows left alone as duplicates
 * @param failed    rows rejected
 */
public record ImportCounts(long processed, long created, long updated, long skipped, long failed) {

    static final ImportCounts NONE = new ImportCounts(0, 0, 0, 0, 0);

    ImportCounts plus(ImportCounts more) {
        return new ImportCounts(processed + more.processed, created + more.created, updated + more.updated,
                skipped + more.skipped, failed + more.failed);
    }

    long succeeded() {
        return created + updated + skipped;
    }
}
