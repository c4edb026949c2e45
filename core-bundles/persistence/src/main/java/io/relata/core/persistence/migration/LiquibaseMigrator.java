package io.relata.core.persistence.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import javax.sql.DataSource;

import liquibase.exception.LiquibaseException;

/**
 * Applies one schema's Liquibase changelog. Each schema keeps its own history and lock tables, so schemas
 * never wait on each other, while nodes migrating the same schema take turns on a {@link SchemaLock}. A changelog
 * applied before, unchanged, is recognised by its {@linkplain ChangelogFingerprints fingerprint} and never reaches
 * Liquibase.
 */
public final class LiquibaseMigrator {

    private final DataSource dataSource;
    private final Clock clock;
    private final Runnable beforeLiquibase;

    /** For a class path where Liquibase is always ready (tests). */
    public LiquibaseMigrator(DataSource dataSource, Clock clock) {
        this(dataSource, clock, () -> { });
    }

    /**
     * @param beforeLiquibase runs before a migration hands its changelog to Liquibase, and only then: the OSGi
     *                        runtime starts the Liquibase bundle there (see {@code SchemaMigrator}); what it throws
     *                        fails the migration
     */
    public LiquibaseMigrator(DataSource dataSource, Clock clock, Runnable beforeLiquibase) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.beforeLiquibase = beforeLiquibase;
    }

    /**
     * @param schema    the schema name (validated, it becomes part of table names)
     * @param changelog path of the changelog inside {@code loader}'s class path
     * @param loader    where the changelog and the files it includes are read from
     */
    MigrationResult migrate(String schema, String changelog, ClassLoader loader)
            throws SQLException, LiquibaseException {
        SchemaNames.require(schema);
        try (SchemaLock exclusive = SchemaLock.acquire(dataSource, schema);
             Connection connection = dataSource.getConnection()) {
            // no Liquibase class is touched on this path: an up-to-date schema never needs Liquibase started
            Optional<String> fingerprint = ChangelogFingerprints.of(changelog, loader);
            if (fingerprint.isPresent() && ChangelogFingerprints.upToDate(connection, schema, fingerprint.get())) {
                ChangelogFingerprints.releaseLeftLock(connection, schema);
                return new MigrationResult(schema, 0, clock.instant(), true);
            }
            beforeLiquibase.run();
            int applied = LiquibaseUpdate.apply(connection, schema, changelog, loader);
            fingerprint.ifPresent(sha256 -> ChangelogFingerprints.record(connection, schema, sha256));
            return new MigrationResult(schema, applied, clock.instant(), false);
        }
    }
}
