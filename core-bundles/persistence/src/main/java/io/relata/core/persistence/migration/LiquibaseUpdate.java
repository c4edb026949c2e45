package io.relata.core.persistence.migration;

import java.sql.Connection;
import java.util.concurrent.locks.ReentrantLock;

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
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * The one place that runs Liquibase. Kept apart from {@link LiquibaseMigrator} so that loading the migrator loads
 * no Liquibase class: in the server, Liquibase's bundle is only started when a changelog needs it.
 */
final class LiquibaseUpdate {

    /**
     * Liquibase keeps a lock service, a history service (with the change sets it read) and an executor for every
     * {@link Database} object it is given, in global maps it never clears by itself: each migration, so each
     * deploy of a plugin, would stay in memory for good. They are dropped after every migration, and as the maps
     * are global, migrations in this JVM take turns on this lock for it (at run time they run one at a time
     * anyway, on the schema migrator's thread).
     */
    private static final ReentrantLock LIQUIBASE_STATE = new ReentrantLock();

    private LiquibaseUpdate() {
    }

    /**
     * Applies what {@code changelog} has that the schema's history lacks; the caller holds the schema's lock.
     *
     * @return the number of change sets applied
     */
    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    static int apply(Connection connection, String schema, String changelog, ClassLoader loader)
            throws LiquibaseException {
        LIQUIBASE_STATE.lock();
        Database database = null;
        // closed: until then it keeps what it opened to read the bundle's files
        try (ClassLoaderResourceAccessor resources = new ClassLoaderResourceAccessor(loader)) {
            database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setDatabaseChangeLogTableName(SchemaNames.changelogTable(schema));
            database.setDatabaseChangeLogLockTableName(SchemaNames.lockTable(schema));
            // Nobody else migrates this schema while the schema lock is held, so a Liquibase lock row still set can
            // only be left over from a node that died mid-migration.
            LockServiceFactory.getInstance().getLockService(database).forceReleaseLock();
            Liquibase liquibase = new Liquibase(changelog, resources, database);
            Contexts contexts = new Contexts();
            LabelExpression labels = new LabelExpression();
            int pending = liquibase.listUnrunChangeSets(contexts, labels).size();
            if (pending > 0) {
                liquibase.update(contexts, labels);
            }
            return pending;
        } catch (LiquibaseException | RuntimeException e) {
            throw e;
        } catch (Exception closing) { // only the resource accessor's close() declares it
            throw new LiquibaseException("could not close the changelog's files", closing);
        } finally {
            if (database != null) {
                forget(database);
            }
            LIQUIBASE_STATE.unlock();
        }
    }

    /** Drops what Liquibase remembers of {@code database}; call with {@link #LIQUIBASE_STATE} held. */
    private static void forget(Database database) {
        Scope.getCurrentScope().getSingleton(ExecutorService.class).clearExecutor(database);
        LockServiceFactory.getInstance().resetAll();
        ChangeLogHistoryServiceFactory.getInstance().resetAll();
    }
}
