package io.relata.core.recyclebin;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

@Component
@RelataSchema(RecycleBinSchema.NAME)
public class RecycleBinSchema implements SchemaMigration {

    static final String NAME = "core_recyclebin";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-recyclebin-changelog.xml";
    }
}
