package io.relata.testing;

import java.sql.Connection;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.relata.api.persistence.SchemaMigration;
import io.relata.testing.TestDatabases.TestDatabase;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Applies a bundle's own Liquibase changelog to a test database, as core's migrator does at run time, without
 * OSGi. Liquibase is kept quiet: what it prints would bury the test output, once per test and database.
 */
public final class Changelogs {

    private static final int ALL = -1;

    /** Held, because JUL forgets the level of a logger nobody references. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private Changelogs() {
    }

    /**
     * Applies the schema's changelog, keeping its history in Liquibase's default tables.
     *
     * @param schema the bundle's {@link SchemaMigration}; the changelog is read with its class loader
     * @return the database, now migrated
     */
    public static TestDatabase apply(SchemaMigration schema, TestDatabase database) {
        return apply(schema, null, database, ALL);
    }

    /**
     * Applies the first change sets of the schema's changelog that run on this database, as an older release
     * would have left it, for tests of what the later change sets do to existing rows. {@link #apply} then
     * applies the rest.
     */
    public static TestDatabase applyFirst(int changeSets, SchemaMigration schema, TestDatabase database) {
        if (changeSets < 1) {
            throw new IllegalArgumentException("at least one change set, not " + changeSets);
        }
        return apply(schema, null, database, changeSets);
    }

    /**
     * Applies the schema's changelog, keeping its history in {@code <schemaName>_changelog} and
     * {@code <schemaName>_changelog_lock}, as core's migrator does at run time. For tests that apply more than one
     * schema to a database, or look at the history.
     *
     * @param schemaName the name in the schema's {@code @RelataSchema}, e.g. {@code core_customers}
     * @return the database, now migrated
     */
    public static TestDatabase applyWithOwnHistory(String schemaName, SchemaMigration schema,
                                                   TestDatabase database) {
        return apply(schema, schemaName + "_changelog", database, ALL);
    }

    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    private static TestDatabase apply(SchemaMigration schema, String historyTable, TestDatabase database,
                                      int changeSets) {
        try (Connection migrating = database.connect()) {
            Database target = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(migrating));
            if (historyTable != null) {
                target.setDatabaseChangeLogTableName(historyTable);
                target.setDatabaseChangeLogLockTableName(historyTable + "_lock");
            }
            Liquibase liquibase = new Liquibase(schema.changelog(),
                    new ClassLoaderResourceAccessor(schema.getClass().getClassLoader()), target);
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> {
                        if (changeSets == ALL) {
                            liquibase.update(new Contexts(), new LabelExpression());
                        } else {
                            liquibase.update(changeSets, new Contexts(), new LabelExpression());
                        }
                    });
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply " + schema.changelog() + " on " + database, e);
        }
    }
}
