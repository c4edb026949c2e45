package io.relata.core.reference;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Relata reference data")
public @interface ReferenceSettings {

    String PID = "io.relata.reference";

    @AttributeDefinition(description = "The base currency of a new installation (ISO 4217). Read once, at the first"
            + " start; afterwards administrators change it over REST while no exchange rates exist")
    String base_currency() default "USD";
}
