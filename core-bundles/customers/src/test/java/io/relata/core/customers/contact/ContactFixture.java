package io.relata.core.customers.contact;

import java.time.Clock;
import java.util.List;

import io.relata.api.customer.Contact;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/** Contacts on a {@link CustomerFixture}'s database, for tests of other packages that need some. */
public final class ContactFixture {

    private ContactFixture() {
    }

    /** A contact store wired to the fixture's stand-ins, taking part in customer purges as DS would bind it. */
    public static ContactStore contacts(CustomerFixture db) {
        ContactStore store = new ContactStore(new ContactStore.Services(db.jpa, db.store, db.currentUser, db.access,
                db.auditTrail, db.recycleBin, db.domainEvents, db.values), Clock.systemUTC());
        db.dependant(store);
        return store;
    }

    /** Creates a contact as the user; duplicates are allowed, so tests may reuse names. */
    public static Contact add(CustomerFixture db, ContactStore store, TestUser user, String customerId,
                              String firstName, String lastName, String title, boolean primary) {
        return db.as(user, () -> store.create(new ContactFields(customerId, firstName, lastName, title, null,
                List.of(), List.of(), null, primary, null, null, null), true));
    }

    public static void delete(CustomerFixture db, ContactStore store, TestUser user, String contactId) {
        db.as(user, () -> store.delete(contactId, null));
    }

    public static void restore(CustomerFixture db, ContactStore store, TestUser user, String contactId) {
        db.as(user, () -> store.restore(contactId));
    }
}
