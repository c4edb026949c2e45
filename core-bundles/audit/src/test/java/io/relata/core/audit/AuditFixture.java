package io.relata.core.audit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.security.CurrentUser;
import io.relata.testing.TestDatabases;
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
 * A real database with the audit schema applied, on which tests build {@link JdbcAuditTrail}s, plus a look at
 * the tables directly. JUnit closes it after the test.
 */
final class AuditFixture implements AutoCloseable {

    /** Held, because JUL forgets the level of a logger nobody references. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private final TestDatabase database;
    private final Connection connection;
    /** What the code under test gets: the fixture's one connection, see {@link #reusing}. */
    final DataSource dataSource;

    private AuditFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = reusing(connection);
    }

    /**
     * Fresh, migrated databases for {@link OnEveryDatabase}, each in a fixture that JUnit closes after the test
     * (it closes {@link AutoCloseable} arguments). PostgreSQL is only looked for once the H2 run is done.
     */
    static Stream<AuditFixture> databases() {
        return Stream.<Supplier<TestDatabase>>of(TestDatabases::h2, TestDatabases::postgres)
                .map(Supplier::get)
                .map(AuditFixture::migrated)
                .map(AuditFixture::new);
    }

    /** Applies the bundle's own changelog, as core's migrator does at runtime. */
    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    private static TestDatabase migrated(TestDatabase database) {
        try (Connection migrating = database.connect()) {
            Database target = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(migrating));
            Liquibase liquibase = new Liquibase(new AuditSchema().changelog(),
                    new ClassLoaderResourceAccessor(AuditFixture.class.getClassLoader()), target);
            // what Liquibase prints would bury the test output, once per test and database
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply the audit schema on " + database, e);
        }
    }

    /**
     * A trail on this database whose history shows records of the type to whom the visibility lets see them.
     *
     * @param currentUser {@code null} when the security module is not there
     */
    JdbcAuditTrail trail(MutableClock clock, CurrentUser currentUser, String recordType,
                         RecordVisibility visibility) {
        JdbcAuditTrail trail = new JdbcAuditTrail(dataSource, clock, currentUser);
        trail.addVisibility(visibility, Map.of(RecordVisibility.RECORD_TYPE, recordType));
        return trail;
    }

    /** Runs the work in a transaction of the test's connection, then rolls it back. */
    void rolledBack(Runnable work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    long count(String table) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count " + table, e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    @Override
    public String toString() {
        return database.kind();
    }

    /**
     * The code under test opens a connection per call, as it may with core's pool behind it. Without a pool that
     * is a new PostgreSQL login each time, which makes the tests crawl; handing out one connection whose
     * {@code close()} does nothing keeps them quick, and lets a test wrap calls in a transaction of its own.
     */
    private static DataSource reusing(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(AuditFixture.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "close" -> null;
                    case "isClosed" -> false;
                    default -> invoke(connection, method, arguments);
                });
        return (DataSource) Proxy.newProxyInstance(AuditFixture.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getConnection" -> unclosable;
                    case "toString" -> "the test's connection";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
