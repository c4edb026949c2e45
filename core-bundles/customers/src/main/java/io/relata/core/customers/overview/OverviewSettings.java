package io.relata.core.customers.overview;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.relata.customers.overview.cfg}: how the customer 360 view treats the panels of modules. */
@ObjectClassDefinition(name = "Relata customer 360 view", description = "How long the 360 view waits for panels")
public @interface OverviewSettings {

    String PID = "io.relata.customers.overview";

    @AttributeDefinition(description = "How long the 360 view waits for all panels together, in milliseconds; a"
            + " panel not done by then is shown with an error")
    long panels_timeoutMillis() default 2000;
}
