package io.relata.core.jobs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Relata background jobs")
public @interface JobSettings {

    String PID = "io.relata.jobs";

    @AttributeDefinition(name = "Worker threads", min = "1",
            description = "Jobs this server runs at once; further jobs wait in the queue")
    int threads() default 2;

    @AttributeDefinition(name = "Retention", min = "1",
            description = "Days a job's status stays readable after the job was submitted")
    int retention_days() default 30;
}
