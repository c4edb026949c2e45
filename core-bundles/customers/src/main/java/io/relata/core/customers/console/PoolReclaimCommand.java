package io.relata.core.customers.console;

import java.io.PrintStream;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.security.Users;
import io.relata.core.customers.console.TextTable.Column;
import io.relata.core.customers.pool.PoolReclaim;
import io.relata.core.customers.pool.ReclaimReport;
import io.relata.core.customers.pool.ReclaimReport.Decision;

/** {@code relata:pool-reclaim}: runs the public pool's reclaim rule now instead of at the next nightly run. */
@Component
@CommandSpec(name = "pool-reclaim",
        description = "Returns customers idle longer than pool.reclaimAfterDays to the public pool now;"
                + " --dry-run only lists them",
        usage = "relata:pool-reclaim [--dry-run]")
public class PoolReclaimCommand implements ConsoleCommand {

    private final PoolReclaim poolReclaim;
    private final Users users;

    @Activate
    public PoolReclaimCommand(@Reference PoolReclaim poolReclaim, @Reference Users users) {
        this.poolReclaim = poolReclaim;
        this.users = users;
    }

    @Override
    public void execute(CommandInvocation invocation) {
        PrintStream out = invocation.out();
        boolean dryRun = invocation.flag("dry-run");
        ReclaimReport report = poolReclaim.runNow(dryRun, invocation.user());
        if (report.ruleOff()) {
            out.println("The reclaim rule is off (pool.reclaimAfterDays = " + report.reclaimAfterDays()
                    + " in etc/io.relata.customers.cfg); nothing was " + (dryRun ? "looked at" : "reclaimed"));
            return;
        }
        if (report.candidates() > 0) {
            UserNames names = new UserNames(users);
            TextTable table = new TextTable(new Column("CUSTOMER", 40), new Column("OWNER", 20),
                    new Column("IDLE DAYS", 9), new Column("OUTCOME", 160));
            for (Decision decision : report.decisions()) {
                table.add(decision.name(), names.of(decision.ownerId()), String.valueOf(decision.idleDays()),
                        outcome(decision));
            }
            table.lines().forEach(out::println);
        }
        int days = report.reclaimAfterDays();
        String idle = report.candidates() + (report.candidates() == 1 ? " customer" : " customers")
                + " idle for more than " + days + (days == 1 ? " day" : " days");
        String active = report.recentlyActive() + " more recently active";
        if (dryRun) {
            out.printf("Would reclaim %d of %s; %d kept by a hook, %s; nothing was changed%n",
                    report.wouldReclaim().size(), idle, report.kept().size(), active);
        } else {
            out.printf("Reclaimed %d of %s; %d kept by a hook, %d changed meanwhile, %d failed (see the log), %s%n",
                    report.reclaimed().size(), idle, report.kept().size(), report.changedMeanwhile().size(),
                    report.failed().size(), active);
        }
    }

    private static String outcome(Decision decision) {
        return switch (decision.outcome()) {
            case RECLAIMED -> "reclaimed";
            case WOULD_RECLAIM -> "would be reclaimed";
            case KEPT -> "kept: " + decision.keptBy().stream()
                    .map(hold -> hold.reason() + " (" + hold.hook() + ")").collect(Collectors.joining("; "));
            case CHANGED_MEANWHILE -> "skipped: changed meanwhile";
            case FAILED -> "failed: " + decision.failure();
        };
    }
}
