package io.relata.core.modules;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

@Component
@RelataSchema(CoreModulesSchema.NAME)
public class CoreModulesSchema implements SchemaMigration {

    static final String NAME = "core_modules";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-modules-changelog.xml";
    }
}
