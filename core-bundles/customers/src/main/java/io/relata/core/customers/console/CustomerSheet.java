package io.relata.core.customers.console;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Address;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Customer;
import io.relata.core.customers.console.TextTable.Column;

/** What {@code relata:customer-show} prints about one customer, as lines. */
final class CustomerSheet {

    private static final int LABEL_WIDTH = 13;
    private static final int VALUE_WIDTH = 100;

    private final ZoneId zone;
    private final UserNames users;

    CustomerSheet(ZoneId zone, UserNames users) {
        this.zone = zone;
        this.users = users;
    }

    /**
     * @param ancestors the visible ancestors, nearest first, as the store answers them
     * @param contacts  the customer's contacts, primary first
     * @param history   its newest audit entries, newest first
     */
    List<String> lines(Customer customer, List<Customer> ancestors, List<Contact> contacts, List<AuditEntry> history) {
        List<String> lines = new ArrayList<>();
        lines.add(TextTable.fit(customer.name(), VALUE_WIDTH));
        field(lines, "Id", customer.id());
        field(lines, "Kind", customer.kind().name());
        field(lines, "Stage", customer.stage().name());
        field(lines, "Legal name", customer.legalName());
        field(lines, "Industry", customer.industry());
        field(lines, "Website", customer.website());
        field(lines, "Phone", customer.phone());
        field(lines, "E-mail", customer.email());
        field(lines, "Address", address(customer.address()));
        field(lines, "Tags", String.join(", ", customer.tags()));
        field(lines, "Owner", customer.inPool() ? "(public pool)" : users.of(customer.ownerId()));
        field(lines, "Parent path", parentPath(ancestors));
        field(lines, "Subsidiary", customer.subsidiaryId());
        field(lines, "Currency", customer.currency());
        field(lines, "Created", ConsoleTime.format(customer.createdAt(), zone) + " by " + users.of(customer.createdBy()));
        field(lines, "Updated", ConsoleTime.format(customer.updatedAt(), zone) + " by " + users.of(customer.updatedBy()));
        field(lines, "Version", Long.toString(customer.version()));

        lines.add("");
        if (contacts.isEmpty()) {
            lines.add("Contacts: none");
        } else {
            lines.add("Contacts (" + contacts.size() + ")");
            TextTable table = new TextTable(new Column("PRIMARY", 7), new Column("NAME", 30), new Column("TITLE", 24),
                    new Column("E-MAIL", 40), new Column("PHONE", 24));
            for (Contact contact : contacts) {
                table.add(contact.primary() ? "*" : "", contact.displayName(), contact.title(),
                        contact.emails().isEmpty() ? null : contact.emails().get(0),
                        contact.phones().isEmpty() ? null : contact.phones().get(0));
            }
            table.lines().forEach(line -> lines.add("  " + line));
        }

        lines.add("");
        if (history.isEmpty()) {
            lines.add("Audit trail: empty");
        } else {
            lines.add("Last " + history.size() + " audit entr" + (history.size() == 1 ? "y" : "ies")
                    + ", newest first (" + zone.getId() + ")");
            TextTable table = new TextTable(new Column("WHEN", 16), new Column("ACTION", 10), new Column("BY", 20),
                    new Column("WHAT", 70));
            for (AuditEntry entry : history) {
                table.add(ConsoleTime.format(entry.occurredAt(), zone), entry.action(),
                        entry.actorName() == null ? users.of(entry.actorId()) : entry.actorName(), summary(entry));
            }
            table.lines().forEach(line -> lines.add("  " + line));
        }
        return lines;
    }

    private static void field(List<String> lines, String label, String value) {
        String shown = value == null || value.isBlank() ? "-" : TextTable.fit(value, VALUE_WIDTH);
        lines.add("  " + label + " ".repeat(LABEL_WIDTH - label.length()) + shown);
    }

    /** From the top of the hierarchy down to the parent, the way people read a group structure. */
    private static String parentPath(List<Customer> ancestors) {
        if (ancestors.isEmpty()) {
            return "(top level)";
        }
        List<String> names = new ArrayList<>();
        ancestors.forEach(ancestor -> names.add(0, TextTable.printable(ancestor.name())));
        return String.join(" > ", names);
    }

    private static String address(Address address) {
        return Stream.of(address.street(), address.postalCode(), address.city(), address.region(), address.country())
                .filter(Objects::nonNull).collect(Collectors.joining(", "));
    }

    /** The changed fields, then the reason: enough to tell entries apart; the REST API has the values. */
    private static String summary(AuditEntry entry) {
        String fields = entry.changes().stream().map(FieldChange::field).collect(Collectors.joining(", "));
        if (entry.reason() == null || entry.reason().isBlank()) {
            return fields;
        }
        return fields.isEmpty() ? "reason: " + entry.reason() : fields + "; reason: " + entry.reason();
    }
}
