package io.relata.core.persistence.migration;

import java.time.Instant;

/** What one migration run did. */
record MigrationResult(String schema, int appliedChangeSets, Instant completedAt) {
}
