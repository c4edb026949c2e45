package io.relata.core.customers.customer;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.relata.customers.cfg}: the rules of the public pool. */
@ObjectClassDefinition(name = "Relata customers", description = "Rules of the public customer pool")
public @interface PoolSettings {

    String PID = "io.relata.customers";

    @AttributeDefinition(description = "How many customers one user may own; claiming beyond it is refused"
            + " (0 = no cap)")
    int pool_maxOwnedPerUser() default 1000;

    @AttributeDefinition(description = "Days without a logged activity after which the reclaim rule returns an"
            + " owned customer to the pool (0 = never)")
    int pool_reclaimAfterDays() default 30;
}
