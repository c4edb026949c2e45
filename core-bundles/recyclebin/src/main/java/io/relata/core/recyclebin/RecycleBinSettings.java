package io.relata.core.recyclebin;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Relata recycle bin")
public @interface RecycleBinSettings {

    String PID = "io.relata.recyclebin";

    @AttributeDefinition(name = "Retention", min = "1",
            description = "Days a deleted record stays restorable before it is purged for good")
    int retention_days() default 30;
}
