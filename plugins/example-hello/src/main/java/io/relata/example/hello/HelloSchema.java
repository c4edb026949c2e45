package io.relata.example.hello;

import org.osgi.service.component.annotations.Component;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

/** The plugin's tables; Relata applies the changelog before {@link GreetingStore} may start. */
@Component
@RelataSchema(HelloSchema.NAME)
public class HelloSchema implements SchemaMigration {

    static final String NAME = "hello";
    /** Target of a reference that waits until the schema is migrated. */
    static final String READY = "(&(relata.schema=" + NAME + ")(relata.schema.state=MIGRATED))";

    @Override
    public String changelog() {
        return "db/hello-changelog.xml";
    }
}
