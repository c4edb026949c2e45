package io.relata.core.recyclebin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.recyclebin.RecycleBinEntry;

/** {@code relata:recycle-bin-purge}: runs the retention purge now instead of at the next hourly run. */
@Component
@CommandSpec(name = "recycle-bin-purge",
        description = "Purges recycle-bin entries older than the retention period now; --dry-run only lists them",
        usage = "relata:recycle-bin-purge [--dry-run]")
public class RecycleBinPurgeCommand implements ConsoleCommand {

    private final RetentionPurge retentionPurge;

    @Activate
    public RecycleBinPurgeCommand(@Reference RetentionPurge retentionPurge) {
        this.retentionPurge = retentionPurge;
    }

    @Override
    public void execute(CommandInvocation invocation) {
        PrintStream out = invocation.out();
        long days = retentionPurge.retention().toDays();
        if (!invocation.flag("dry-run")) {
            RetentionPurge.Summary summary = retentionPurge.purgeExpired();
            out.printf("Purged %d entr%s older than %d days; %d skipped because their module is not running,"
                    + " %d failed (see the log)%n", summary.purged(), summary.purged() == 1 ? "y" : "ies", days,
                    summary.skipped(), summary.failed());
            return;
        }
        List<RecycleBinEntry> expired = new ArrayList<>();
        retentionPurge.forEachExpired(expired::add);
        String row = "%-27s | %-20s | %-24s | %-16s | %s%n";
        out.printf(row, "DELETED AT", "MODULE", "RECORD TYPE", "DELETED BY", "LABEL");
        int skipped = 0;
        for (RecycleBinEntry entry : expired) {
            boolean handled = retentionPurge.hasHandler(entry);
            skipped += handled ? 0 : 1;
            out.printf(row, entry.deletedAt(), entry.module(), entry.recordType(), entry.deletedBy(),
                    entry.label() + (handled ? "" : "  (would be skipped: module not running)"));
        }
        int wouldPurge = expired.size() - skipped;
        out.printf("Would purge %d entr%s older than %d days and skip %d; nothing was changed%n", wouldPurge,
                wouldPurge == 1 ? "y" : "ies", days, skipped);
    }
}
