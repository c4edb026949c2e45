package io.relata.core.customers.lead;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.customer.Lead;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;

/**
 * {@code relata:lead-assign}: runs the assignment rules over the lead pool now, or gives one lead to a user.
 */
@Component
@CommandSpec(name = "lead-assign", description = "Runs the lead assignment rules over the pool, or assigns one lead",
        usage = "relata:lead-assign [--dry-run]   |   relata:lead-assign <lead id> <username>")
public class LeadAssignCommand implements ConsoleCommand {

    private static final int MAX_AT_ONCE = 10_000;

    private final LeadStore store;
    private final Users users;

    @Activate
    public LeadAssignCommand(@Reference LeadStore store, @Reference Users users) {
        this.store = store;
        this.users = users;
    }

    @Override
    public void execute(CommandInvocation invocation) {
        try {
            if (invocation.arguments().isEmpty()) {
                assignPool(invocation, invocation.flag("dry-run"));
            } else {
                assignOne(invocation, invocation.argument(0, "lead id"), invocation.argument(1, "username"));
            }
        } catch (ProblemException e) {
            throw new CommandFailedException(e.problem().detail());
        }
    }

    private void assignPool(CommandInvocation invocation, boolean dryRun) {
        List<LeadAssignment.Outcome> outcomes = store.assignPool(dryRun, MAX_AT_ONCE);
        long assigned = 0;
        for (LeadAssignment.Outcome outcome : outcomes) {
            String owner = outcome.ownerId() == null ? "-" : users.byId(outcome.ownerId()).map(UserSummary::username)
                    .orElse(outcome.ownerId());
            invocation.out().printf("%-40s %-20s %-24s %s%n", text(outcome.label(), 40), owner,
                    text(outcome.rule() == null ? "-" : outcome.rule(), 24), outcome.outcome());
            if (outcome.ownerId() != null) {
                assigned++;
            }
        }
        invocation.out().println((dryRun ? "Dry run: " + assigned + " of " : assigned + " of ") + outcomes.size()
                + " pool leads " + (dryRun ? "would be assigned" : "assigned"));
    }

    private void assignOne(CommandInvocation invocation, String leadId, String username) {
        UserSummary user = users.byUsername(username)
                .orElseThrow(() -> new CommandFailedException("no user '" + username + "'"));
        Lead lead = store.assign(leadId, user.id());
        invocation.out().println("Lead " + lead.id() + " is now " + user.username() + "'s");
    }

    private static String text(String value, int width) {
        String shown = value == null ? "" : value;
        return shown.length() <= width ? shown : shown.substring(0, width - 1) + "…";
    }
}
