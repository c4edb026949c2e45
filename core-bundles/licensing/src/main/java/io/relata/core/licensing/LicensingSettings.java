package io.relata.core.licensing;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Relata licensing")
public @interface LicensingSettings {

    String PID = "io.relata.licensing";

    @AttributeDefinition(name = "Grace period", description = "Days after expiry before licensed modules turn read-only", min = "0")
    int grace_days() default 14;
}
