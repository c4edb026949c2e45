package io.relata.core.persistence.migration;

import java.time.Instant;

/**
 * What one migration run did.
 *
 * @param byFingerprint whether the changelog was known to be applied already, so Liquibase was not asked
 */
record MigrationResult(String schema, int appliedChangeSets, Instant completedAt, boolean byFingerprint) {
}
