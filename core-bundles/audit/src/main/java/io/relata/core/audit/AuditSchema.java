package io.relata.core.audit;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

/** The audit trail's tables, {@code core_audit_entry} and {@code core_audit_change}. */
@Component
@RelataSchema(AuditSchema.NAME)
public class AuditSchema implements SchemaMigration {

    static final String NAME = "core_audit";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-audit-changelog.xml";
    }
}
