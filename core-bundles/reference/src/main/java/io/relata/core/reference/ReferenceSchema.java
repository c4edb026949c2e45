package io.relata.core.reference;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

@Component
@RelataSchema(ReferenceSchema.NAME)
public class ReferenceSchema implements SchemaMigration {

    static final String NAME = "core_reference";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-reference-changelog.xml";
    }
}
