package io.relata.core.security;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

@Component
@RelataSchema(SecuritySchema.NAME)
public class SecuritySchema implements SchemaMigration {

    static final String NAME = "core_security";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-security-changelog.xml";
    }
}
