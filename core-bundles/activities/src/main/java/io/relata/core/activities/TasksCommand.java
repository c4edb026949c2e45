package io.relata.core.activities;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;

/** {@code relata:tasks}: a user's tasks, soonest due first, as far as the console user may see them. */
@Component
@CommandSpec(name = "tasks", description = "Lists a user's tasks, soonest due first",
        usage = "relata:tasks [--user=<username>, default you] [--overdue] [--status=open|done|cancelled|all,"
                + " default open] [--limit=<1-1000, default 50>]")
public class TasksCommand implements ConsoleCommand {

    static final int MAX_LIMIT = 1000;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ActivityStore store;
    private final Users users;
    private final CurrentUser currentUser;
    private final AccessControl access;

    @Activate
    public TasksCommand(@Reference ActivityStore store, @Reference Users users, @Reference CurrentUser currentUser,
                        @Reference AccessControl access) {
        this.store = store;
        this.users = users;
        this.currentUser = currentUser;
        this.access = access;
    }

    @Override
    public void execute(CommandInvocation invocation) {
        if (!access.permits("activities:read")) {
            throw new CommandFailedException("you may not read activities (permission activities:read)");
        }
        String owner = invocation.option("user").map(this::userId).orElseGet(() -> currentUser.require().id());
        if (!access.scope(Activity.RECORD_TYPE).allows(owner)) {
            throw new CommandFailedException("you may not see the tasks of " + invocation.option("user").orElse(owner));
        }
        boolean overdue = invocation.flag("overdue");
        ActivityStatus status = overdue ? ActivityStatus.OPEN : status(invocation.option("status").orElse(null));
        int limit = limit(invocation.option("limit").orElse("50"));
        ZoneId zone = zone();
        List<Activity> tasks = new ArrayList<>();
        String cursor = null;
        boolean more;
        do {
            Page<Activity> page = store.tasks(owner, status, overdue,
                    PageRequest.of(String.valueOf(Math.min(PageRequest.MAX_LIMIT, limit - tasks.size())), cursor));
            tasks.addAll(page.items());
            cursor = page.nextCursor();
            more = cursor != null;
        } while (more && tasks.size() < limit);
        if (tasks.isEmpty()) {
            invocation.out().println(overdue ? "No overdue tasks." : "No tasks match.");
            return;
        }
        String format = "%-16s  %-9s  %-50s  %s%n";
        invocation.out().printf(format, "DUE (" + zone.getId() + ")", "STATUS", "SUBJECT", "ID");
        Instant now = Instant.now();
        for (Activity task : tasks) {
            String due = task.dueAt() == null ? "-" : MINUTES.format(task.dueAt().atZone(zone));
            String state = task.status() == ActivityStatus.OPEN && task.dueAt() != null && task.dueAt().isBefore(now)
                    ? "OVERDUE" : task.status().name();
            invocation.out().printf(format, due, state, cut(task.subject(), 50), task.id());
        }
        invocation.out().println(more ? "First " + tasks.size() + " tasks; there are more: raise --limit (at most "
                + MAX_LIMIT + ")" : tasks.size() + (tasks.size() == 1 ? " task" : " tasks"));
    }

    private String userId(String username) {
        return users.byUsername(username.strip()).map(UserSummary::id)
                .orElseThrow(() -> new CommandFailedException("no user named " + username));
    }

    private static ActivityStatus status(String status) {
        try {
            return MyTasksResource.status(status);
        } catch (ProblemException e) {
            throw new CommandFailedException("--status must be open, done, cancelled or all (got " + status + ")");
        }
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandFailedException("--limit must be a number from 1 to " + MAX_LIMIT + " (got " + value + ")");
    }

    private ZoneId zone() {
        return ActivityStore.zoneOf(currentUser.get().map(user -> user.timeZone()).orElse(null));
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
