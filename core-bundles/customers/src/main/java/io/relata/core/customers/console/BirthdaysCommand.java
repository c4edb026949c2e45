package io.relata.core.customers.console;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.security.Users;
import io.relata.core.customers.birthday.BirthdayReminders;
import io.relata.core.customers.birthday.BirthdayReport;
import io.relata.core.customers.birthday.BirthdayReport.Outcome;
import io.relata.core.customers.birthday.BirthdayReport.Reminder;
import io.relata.core.customers.console.TextTable.Column;

/** {@code relata:birthdays}: runs the birthday reminders now instead of at the next daily run. */
@Component
@CommandSpec(name = "birthdays",
        description = "Notifies owners now of their contacts' birthdays in the next birthdays.daysAhead days (or"
                + " --days); --dry-run only lists them",
        usage = "relata:birthdays [--days=<n>] [--dry-run]")
public class BirthdaysCommand implements ConsoleCommand {

    private final BirthdayReminders reminders;
    private final Users users;

    @Activate
    public BirthdaysCommand(@Reference BirthdayReminders reminders, @Reference Users users) {
        this.reminders = reminders;
        this.users = users;
    }

    @Override
    public void execute(CommandInvocation invocation) {
        PrintStream out = invocation.out();
        boolean dryRun = invocation.flag("dry-run");
        Integer days = days(invocation);
        BirthdayReport report = reminders.runNow(days, dryRun);
        if (report.off()) {
            out.println("Birthday reminders are off (birthdays.daysAhead = 0 in etc/io.relata.customers.cfg);"
                    + " nothing was " + (dryRun ? "looked at" : "sent") + "; --days=<n> runs them anyway");
            return;
        }
        if (!report.reminders().isEmpty()) {
            UserNames names = new UserNames(users);
            TextTable table = new TextTable(new Column("DATE", 10), new Column("CONTACT", 30),
                    new Column("CUSTOMER", 30), new Column("OWNER", 20), new Column("AGE", 3),
                    new Column("OUTCOME", 160));
            for (Reminder reminder : report.reminders()) {
                table.add(reminder.date().toString(), reminder.contactName(), reminder.customerName(),
                        names.of(reminder.ownerId()), reminder.age() == null ? "-" : String.valueOf(reminder.age()),
                        outcome(reminder));
            }
            table.lines().forEach(out::println);
        }
        String found = plural(report.reminders().size(), "birthday") + " from " + report.from() + " to "
                + report.to() + " (UTC)";
        int inactive = report.with(Outcome.OWNER_INACTIVE).size();
        if (dryRun) {
            out.printf("%s: %d would be notified to %s, %d already notified, %d skipped (owner inactive);"
                            + " nothing was sent%n", found, report.with(Outcome.WOULD_NOTIFY).size(),
                    plural(report.owners(Outcome.WOULD_NOTIFY).size(), "owner"),
                    report.with(Outcome.ALREADY_NOTIFIED).size(), inactive);
        } else {
            out.printf("%s: %d notified to %s, %d already notified, %d skipped (owner inactive), %d failed (see the"
                            + " log)%n", found, report.with(Outcome.NOTIFIED).size(),
                    plural(report.owners(Outcome.NOTIFIED).size(), "owner"),
                    report.with(Outcome.ALREADY_NOTIFIED).size(), inactive, report.with(Outcome.FAILED).size());
        }
    }

    /** {@code --days=7} as the console's options go, or {@code --days 7}. */
    private static Integer days(CommandInvocation invocation) {
        List<String> arguments = invocation.arguments();
        Optional<String> given = invocation.option("days");
        if (given.isEmpty() && invocation.flag("days")) {
            if (arguments.isEmpty()) {
                throw new CommandFailedException("--days needs a value: --days=<n>");
            }
            given = Optional.of(arguments.get(0));
            arguments = arguments.subList(1, arguments.size());
        }
        if (!arguments.isEmpty()) {
            throw new CommandFailedException("unexpected argument '" + arguments.get(0) + "'; usage:"
                    + " relata:birthdays [--days=<n>] [--dry-run]");
        }
        if (given.isEmpty()) {
            return null;
        }
        String value = given.get().strip();
        try {
            int days = Integer.parseInt(value);
            if (days >= 1 && days <= BirthdayReminders.MAX_DAYS_AHEAD) {
                return days;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandFailedException("--days must be a whole number from 1 to " + BirthdayReminders.MAX_DAYS_AHEAD
                + ", not '" + value + "'");
    }

    private static String outcome(Reminder reminder) {
        String outcome = switch (reminder.outcome()) {
            case NOTIFIED -> "notified";
            case ALREADY_NOTIFIED -> "already notified";
            case WOULD_NOTIFY -> "would notify";
            case OWNER_INACTIVE -> "skipped: owner inactive";
            case FAILED -> "failed: " + reminder.failure();
        };
        return reminder.doNotContact() ? outcome + " (do not contact)" : outcome;
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
