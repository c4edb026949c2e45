package io.relata.core.customers.overview;

import java.util.List;
import java.util.Optional;

import org.apache.aries.jpa.template.JpaTemplate;
import org.apache.aries.jpa.template.TransactionType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.Contact;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.CustomerPanel;
import io.relata.api.customer.CustomerPanelSpec;
import io.relata.api.customer.RecordLink;
import io.relata.api.security.AccessControl;

/** Core's contacts panel: how many people the customer and its group have, and the first few of the customer's. */
@Component
@CustomerPanelSpec(id = "core.contacts", order = 100)
public class ContactsPanel implements CustomerPanel {

    static final int SHOWN = 5;

    private final JpaTemplate jpa;
    private final Contacts contacts;
    private final AccessControl access;

    @Activate
    public ContactsPanel(@Reference(target = "(osgi.unit.name=customers)") JpaTemplate jpa,
                         @Reference Contacts contacts, @Reference AccessControl access) {
        this.jpa = jpa;
        this.contacts = contacts;
        this.access = access;
    }

    @Override
    public Optional<Content> render(Request request) {
        if (!access.permits("contacts:read")) {
            return Optional.empty();
        }
        String customerId = request.customer().id();
        long own = jpa.txExpr(TransactionType.Supports, em -> SubtreeQueries.contacts(em, List.of(customerId)));
        long all = jpa.txExpr(TransactionType.Supports, em -> SubtreeQueries.contacts(em, request.subtreeIds()));
        Content.Builder content = Content.titled("Contacts", "联系人")
                .count("customer", "This customer", "本客户", own)
                .count("subtree", "Including sub-customers", "含下级客户", all);
        contacts.ofCustomer(customerId).stream().limit(SHOWN)
                .forEach(contact -> content.item(new RecordLink(Contacts.RECORD_TYPE, contact.id(), label(contact))));
        return Optional.of(content.build());
    }

    private static String label(Contact contact) {
        String name = contact.displayName();
        return contact.title() == null ? name : name + " · " + contact.title();
    }
}
