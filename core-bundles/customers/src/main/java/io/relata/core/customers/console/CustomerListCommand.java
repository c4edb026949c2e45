package io.relata.core.customers.console;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.customer.Customer;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;
import io.relata.core.customers.console.TextTable.Column;
import io.relata.core.customers.customer.CustomerQuery;
import io.relata.core.customers.customer.CustomerStore;

/**
 * {@code relata:customer-list}: customers as a table, most recently updated first. It reads through the customer
 * store like the REST API, so the console user's data scope applies to them too.
 */
@Component
@CommandSpec(name = "customer-list", description = "Lists customers, most recently updated first",
        usage = "relata:customer-list [--q=<text>] [--owner=<username>|<user id>|me|none]"
                + " [--stage=prospect|customer|former] [--limit=<1-1000, default 50>]")
public class CustomerListCommand implements ConsoleCommand {

    private final CustomerStore store;
    private final Users users;
    private final CurrentUser currentUser;

    @Activate
    public CustomerListCommand(@Reference CustomerStore store, @Reference Users users,
                               @Reference CurrentUser currentUser) {
        this.store = store;
        this.users = users;
        this.currentUser = currentUser;
    }

    @Override
    public void execute(CommandInvocation invocation) {
        ListOptions options = ListOptions.parse(invocation, this::userId);
        Listed listed = list(CustomerQuery.parse(options.filters()), options.limit());
        ZoneId zone = ConsoleTime.zoneOf(currentUser.get());
        if (listed.customers().isEmpty()) {
            invocation.out().println("No customers match.");
            return;
        }
        UserNames names = new UserNames(users);
        TextTable table = new TextTable(new Column("NAME", 40), new Column("OWNER", 20), new Column("STAGE", 8),
                new Column("CITY", 20), new Column("UPDATED (" + zone.getId() + ")", 16));
        for (Customer customer : listed.customers()) {
            table.add(customer.name(), customer.inPool() ? "(pool)" : names.of(customer.ownerId()),
                    customer.stage().name(), customer.address().city(),
                    ConsoleTime.format(customer.updatedAt(), zone));
        }
        table.lines().forEach(invocation.out()::println);
        int shown = listed.customers().size();
        invocation.out().println(listed.more()
                ? "First " + shown + " customers; there are more: narrow the list or raise --limit (at most "
                + ListOptions.MAX_LIMIT + ")"
                : shown + (shown == 1 ? " customer" : " customers"));
    }

    private record Listed(List<Customer> customers, boolean more) {
    }

    /** Pages through the store until the limit; the REST page size caps each read, not the command. */
    private Listed list(CustomerQuery query, int limit) {
        List<Customer> customers = new ArrayList<>();
        String cursor = null;
        while (true) {
            int wanted = Math.min(PageRequest.MAX_LIMIT, limit - customers.size());
            Page<Customer> page = store.list(query, PageRequest.of(String.valueOf(wanted), cursor));
            customers.addAll(page.items());
            cursor = page.nextCursor();
            if (cursor == null || customers.size() >= limit) {
                return new Listed(customers, cursor != null);
            }
        }
    }

    private Optional<String> userId(String usernameOrId) {
        return users.byUsername(usernameOrId).or(() -> users.byId(usernameOrId)).map(UserSummary::id);
    }
}
