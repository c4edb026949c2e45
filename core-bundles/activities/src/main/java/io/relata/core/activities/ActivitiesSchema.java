package io.relata.core.activities;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

/** The activity tables: {@code core_activity}, its links and participants, and the customers' last activity. */
@Component
@RelataSchema(ActivitiesSchema.NAME)
public class ActivitiesSchema implements SchemaMigration {

    static final String NAME = "core_activities";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-activities-changelog.xml";
    }
}
