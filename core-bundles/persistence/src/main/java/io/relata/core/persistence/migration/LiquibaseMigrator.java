package io.relata.core.persistence.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ResourceAccessor;

/**
 * Applies one schema's Liquibase changelog. Each schema keeps its own history and lock tables, so schemas
 * never wait on each other, while nodes migrating the same schema take turns on a {@link SchemaLock}.
 */
public final class LiquibaseMigrator {

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
            Database database = DatabaseFactory.getInstance()
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
            return new MigrationResult(schema, pending, clock.instant());
        }
    }

}
