package io.relata.core.customers.customer;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

/** The customer tables: {@code core_customer} and its tags. */
@Component
@RelataSchema(CustomersSchema.NAME)
public class CustomersSchema implements SchemaMigration {

    static final String NAME = "core_customers";
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/core-customers-changelog.xml";
    }
}
