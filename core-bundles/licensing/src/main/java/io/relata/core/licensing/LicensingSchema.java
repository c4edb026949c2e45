package io.relata.core.licensing;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

@Component
@RelataSchema(LicensingSchema.NAME)
public class LicensingSchema implements SchemaMigration {

    static final String NAME = "core_licensing";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-licensing-changelog.xml";
    }
}
