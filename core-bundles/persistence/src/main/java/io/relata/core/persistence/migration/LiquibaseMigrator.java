package io.relata.core.persistence.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.executor.ExecutorService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ResourceAccessor;

/**
 * Applies one schema's Liquibase changelog. Each schema keeps its own history and lock tables, so schemas
 * never wait on each other, while nodes migrating the same schema take turns on a {@link SchemaLock}.
 */
public final class LiquibaseMigrator {

    /**
     * Liquibase keeps a lock service, a history service (with the change sets it read) and an executor for every
     * {@link Database} object it is given, in global maps it never clears by itself: each migration, so each
     * deploy of a plugin, would stay in memory for good. They are dropped after every migration, and as the maps
     * are global, migrations in this JVM take turns on this lock for it (at run time they run one at a time
     * anyway, on the schema migrator's thread).
     */
    private static final ReentrantLock LIQUIBASE_STATE = new ReentrantLock();

    private final DataSource dataSource;
    private final Clock clock;

    public LiquibaseMigrator(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * @param schema    the schema name (validated, it becomes part of table names)
     * @param changelog path of the changelog inside {@code resources}
     * @param resources where the changelog and the files it includes are read from
     */
    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    MigrationResult migrate(String schema, String changelog, ResourceAccessor resources)
            throws SQLException, LiquibaseException {
        SchemaNames.require(schema);
        try (SchemaLock exclusive = SchemaLock.acquire(dataSource, schema);
             Connection connection = dataSource.getConnection()) {
            Optional<String> fingerprint = ChangelogFingerprints.of(changelog, resources);
            if (fingerprint.isPresent() && ChangelogFingerprints.upToDate(connection, schema, fingerprint.get())) {
                ChangelogFingerprints.releaseLeftLock(connection, schema);
                return new MigrationResult(schema, 0, clock.instant(), true);
            }
            LIQUIBASE_STATE.lock();
            Database database = null;
            try {
                database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                database.setDatabaseChangeLogTableName(SchemaNames.changelogTable(schema));
                database.setDatabaseChangeLogLockTableName(SchemaNames.lockTable(schema));
                // Nobody else migrates this schema while we hold the schema lock, so a Liquibase lock row still
                // set can only be left over from a node that died mid-migration.
                LockServiceFactory.getInstance().getLockService(database).forceReleaseLock();
                Liquibase liquibase = new Liquibase(changelog, resources, database);
                Contexts contexts = new Contexts();
                LabelExpression labels = new LabelExpression();
                int pending = liquibase.listUnrunChangeSets(contexts, labels).size();
                if (pending > 0) {
                    liquibase.update(contexts, labels);
                }
                fingerprint.ifPresent(sha256 -> ChangelogFingerprints.record(connection, schema, sha256));
                return new MigrationResult(schema, pending, clock.instant(), false);
            } finally {
                if (database != null) {
                    forget(database);
                }
                LIQUIBASE_STATE.unlock();
            }
        }
    }

    /** Drops what Liquibase remembers of {@code database}; call with {@link #LIQUIBASE_STATE} held. */
    private static void forget(Database database) {
        Scope.getCurrentScope().getSingleton(ExecutorService.class).clearExecutor(database);
        LockServiceFactory.getInstance().resetAll();
        ChangeLogHistoryServiceFactory.getInstance().resetAll();
    }

}
