package io.relata.core.customfields;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

@Component
@RelataSchema(CustomFieldsSchema.NAME)
public class CustomFieldsSchema implements SchemaMigration {

    static final String NAME = "core_customfields";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-customfields-changelog.xml";
    }
}
