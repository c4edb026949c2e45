package io.relata.testing;

import java.time.Instant;
import java.util.Optional;

import io.relata.api.persistence.SchemaState;
import io.relata.api.persistence.SchemaStatus;

/** The {@link SchemaStatus} core registers for a schema, for components that wait for it in OSGi. */
public final class SchemaStatuses {

    private SchemaStatuses() {
    }

    /**
     * @param schema the schema name, e.g. {@code core_security}
     * @return a status saying the schema is migrated; components only wait for one and do not look inside, so a
     *         plain value will do
     */
    public static SchemaStatus migrated(String schema) {
        return new Migrated(schema);
    }

    private record Migrated(String schema) implements SchemaStatus {

        @Override
        public SchemaState state() {
            return SchemaState.MIGRATED;
        }

        @Override
        public Optional<String> failure() {
            return Optional.empty();
        }

        @Override
        public int appliedChangeSets() {
            return 1;
        }

        @Override
        public Instant completedAt() {
            return Instant.now();
        }
    }
}
