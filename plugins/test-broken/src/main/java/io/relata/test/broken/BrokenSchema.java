package io.relata.test.broken;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

/** A changelog whose second change set refers to a table that does not exist. */
@Component
@RelataSchema("test_broken")
public class BrokenSchema implements SchemaMigration {

    @Override
    public String changelog() {
        return "db/test-broken-changelog.xml";
    }
}
