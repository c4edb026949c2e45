package io.relata.api.persistence;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered by core for every schema it migrated, with the service properties {@value #SCHEMA} (the schema
 * name), {@value #STATE} (a {@link SchemaState} name) and {@value #BUNDLE} (id of the bundle that owns it).
 *
 * <p>A component that reads or writes a module's tables waits for its schema with a reference such as
 * <pre>{@code
 * @Reference(target = "(&(relata.schema=hello)(relata.schema.state=MIGRATED))")
 * SchemaStatus schema;
 * }</pre>
 */
@ProviderType
public interface SchemaStatus {

    String SCHEMA = SchemaMigration.SCHEMA;
    String STATE = "relata.schema.state";
    String BUNDLE = "relata.schema.bundle";

    String schema();

    SchemaState state();

    /** @return what went wrong, when the state is {@link SchemaState#FAILED}. */
    Optional<String> failure();

    /** @return how many change sets this run applied (zero when it was already up to date). */
    int appliedChangeSets();

    Instant completedAt();
}
