package io.relata.core.customers.console;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.AuditTrail;
import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.Customer;
import io.relata.api.customer.Customers;
import io.relata.api.rest.PageRequest;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.Users;
import io.relata.core.customers.customer.CustomerStore;

/**
 * {@code relata:customer-show <id>}: one customer's fields, where it sits in its hierarchy, its contacts and its
 * newest audit entries. Everything is read through the stores and the audit trail, which apply the console user's
 * data scope.
 */
@Component
@CommandSpec(name = "customer-show",
        description = "Shows a customer: its fields, parent path, contacts and last audit entries",
        usage = "relata:customer-show <customer id>")
public class CustomerShowCommand implements ConsoleCommand {

    static final int AUDIT_ENTRIES = 5;

    private final CustomerStore store;
    private final Contacts contacts;
    private final AuditTrail audit;
    private final Users users;
    private final CurrentUser currentUser;

    @Activate
    public CustomerShowCommand(@Reference CustomerStore store, @Reference Contacts contacts,
                               @Reference AuditTrail audit, @Reference Users users,
                               @Reference CurrentUser currentUser) {
        this.store = store;
        this.contacts = contacts;
        this.audit = audit;
        this.users = users;
        this.currentUser = currentUser;
    }

    @Override
    public void execute(CommandInvocation invocation) {
        String id = invocation.argument(0, "customer id").strip();
        if (invocation.arguments().size() > 1) {
            throw new CommandFailedException("relata:customer-show takes one customer id, not "
                    + invocation.arguments().size() + " arguments");
        }
        Customer customer = store.find(id).orElseThrow(() -> new CommandFailedException("no customer with id " + id));
        List<AuditEntry> history = audit.history(Customers.RECORD_TYPE, id, new PageRequest(AUDIT_ENTRIES, null))
                .items();
        CustomerSheet sheet = new CustomerSheet(ConsoleTime.zoneOf(currentUser.get()), new UserNames(users));
        sheet.lines(customer, store.ancestors(id), contacts.ofCustomer(id), history)
                .forEach(invocation.out()::println);
    }
}
