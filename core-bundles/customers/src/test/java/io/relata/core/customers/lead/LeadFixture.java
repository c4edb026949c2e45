package io.relata.core.customers.lead;

import java.time.Clock;

import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

/** Leads on a {@link CustomerFixture}'s database, for tests of other packages that need some. */
public final class LeadFixture {

    private LeadFixture() {
    }

    /** A lead store wired to the fixture's stand-ins; every lead source is allowed. */
    public static LeadStore leads(CustomerFixture db) {
        return new LeadStore(new LeadStore.Services(db.jpa, db.currentUser, db.access, db.directory, db.auditTrail,
                db.recycleBin, db.domainEvents, (fields, before) -> { }, db.values), Clock.systemUTC());
    }

    /** An assignment rule handing leads from the source to the users in turn, created by a user who may. */
    public static void rule(CustomerFixture db, LeadStore leads, TestUser manager, String source, String... userIds) {
        db.as(manager, () -> leads.createRule(new LeadRule(null, "rule for " + source, 1, true, source, null, null,
                java.util.List.of(userIds), 0, 0L)));
    }
}
