package io.relata.core.customers.customer;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/io.relata.customers.cfg}: the rules of the public pool, the contacts' birthday reminders, and how
 * imports write.
 */
@ObjectClassDefinition(name = "Relata customers", description = "Rules of the public customer pool; birthday"
        + " reminders; imports")
public @interface PoolSettings {

    String PID = "io.relata.customers";

    @AttributeDefinition(description = "How many customers one user may own; claiming beyond it is refused"
            + " (0 = no cap)")
    int pool_maxOwnedPerUser() default 1000;

    @AttributeDefinition(description = "Days without a logged activity after which the reclaim rule returns an"
            + " owned customer to the pool (0 = never)")
    int pool_reclaimAfterDays() default 30;

    @AttributeDefinition(description = "Birthday reminders: each day the owner of a customer is told of its contacts"
            + " whose birthday falls within this many days, today included (0 = no reminders; at most 365)")
    int birthdays_daysAhead() default 7;

    @AttributeDefinition(description = "Customer imports: batches of rows written at the same time, each in its own"
            + " transaction on its own database connection (1 = one after the other; at most 8)")
    int import_writers() default 2;
}
