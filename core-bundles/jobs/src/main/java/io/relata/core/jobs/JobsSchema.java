package io.relata.core.jobs;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

@Component
@RelataSchema(JobsSchema.NAME)
public class JobsSchema implements SchemaMigration {

    static final String NAME = "core_jobs";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-jobs-changelog.xml";
    }
}
