package io.relata.core.activities;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityDirection;
import io.relata.api.activity.ActivityLink;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.activity.ActivityType;
import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.Customers;
import io.relata.api.security.AccessControl;

/**
 * {@code relata:activity-log}: logs a call, note, e-mail, meeting or visit that happened now against a customer
 * (and optionally one of its contacts), as the console user and with their permissions and scope.
 */
@Component
@CommandSpec(name = "activity-log", description = "Logs a call, note, e-mail, meeting or visit against a customer",
        usage = "relata:activity-log --customer=<customer id> --subject=<text> [--type=call|note|email|meeting|visit,"
                + " default call] [--direction=in|out] [--body=<text>] [--outcome=<text>] [--contact=<contact id>]")
public class ActivityLogCommand implements ConsoleCommand {

    private final ActivityStore store;
    private final AccessControl access;
    private final Clock clock;

    @Activate
    public ActivityLogCommand(@Reference ActivityStore store, @Reference AccessControl access) {
        this(store, access, Clock.systemUTC());
    }

    ActivityLogCommand(ActivityStore store, AccessControl access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public void execute(CommandInvocation invocation) {
        if (!access.permits("activities:write")) {
            throw new CommandFailedException("you may not log activities (permission activities:write)");
        }
        String customer = invocation.option("customer")
                .orElseThrow(() -> new CommandFailedException("--customer=<customer id> is required"));
        ActivityType type = type(invocation.option("type").orElse("call"));
        ActivityDirection direction = invocation.option("direction").map(ActivityLogCommand::direction).orElse(null);
        List<ActivityLink> links = new ArrayList<>();
        links.add(new ActivityLink(Customers.RECORD_TYPE, customer));
        invocation.option("contact").ifPresent(contact -> links.add(new ActivityLink(Contacts.RECORD_TYPE, contact)));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // a note has no time of its own; the others happened now
        Instant start = type == ActivityType.NOTE ? null : now;
        Activity logged = store.create(new ActivityFields(type, invocation.option("subject").orElse(null),
                invocation.option("body").orElse(null), direction, null, start, null, null, null, null,
                invocation.option("outcome").orElse(null), ActivityStatus.DONE, null, null, links, null, null, null,
                null, null, null));
        invocation.out().println("Logged " + logged.type().name().toLowerCase(Locale.ROOT) + " " + logged.id()
                + " against customer " + customer);
    }

    private static ActivityType type(String name) {
        try {
            ActivityType type = ActivityType.valueOf(name.strip().toUpperCase(Locale.ROOT));
            if (type != ActivityType.TASK) {
                return type;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CommandFailedException("--type must be one of call, note, email, meeting, visit (got " + name + ")");
    }

    private static ActivityDirection direction(String name) {
        try {
            return ActivityDirection.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException("--direction must be in or out (got " + name + ")");
        }
    }
}
