package io.relata.core.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.security.CurrentUser;
import io.relata.testing.Changelogs;
import io.relata.testing.MutableClock;
import io.relata.testing.SingleConnectionDataSource;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * A real database with the audit schema applied, on which tests build {@link JdbcAuditTrail}s, plus a look at
 * the tables directly. JUnit closes it after the test.
 */
final class AuditFixture implements AutoCloseable {

    /** Where the tests' clocks start: finer than a database keeps, to see the trail cut it to microseconds. */
    static final Instant START = Instant.parse("2025-03-01T08:00:00.123456789Z");

    private final TestDatabase database;
    private final Connection connection;
    /**
     * What the code under test gets: the fixture's one connection, see {@link SingleConnectionDataSource}; that
     * lets a test wrap calls in a transaction of its own, see {@link #rolledBack}.
     */
    final DataSource dataSource;
    private final TableQueries tables;

    private AuditFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = new SingleConnectionDataSource(connection);
        this.tables = new TableQueries(connection);
    }

    /**
     * Fresh, migrated databases for {@link OnEveryDatabase}, each in a fixture that JUnit closes after the test
     * (it closes {@link AutoCloseable} arguments). PostgreSQL is only looked for once the H2 run is done.
     */
    static Stream<AuditFixture> databases() {
        return TestDatabases.h2ThenPostgres()
                .map(database -> Changelogs.apply(new AuditSchema(), database))
                .map(AuditFixture::new);
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

    /**
     * A trail like {@link #trail} whose statements are counted: {@code prepared} grows by one for every statement
     * the trail prepares, so a test can tell one statement per entry from one per call.
     */
    JdbcAuditTrail countingTrail(MutableClock clock, String recordType, RecordVisibility visibility,
                                 java.util.concurrent.atomic.AtomicInteger prepared) {
        DataSource counting = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                    Object result = invoke(method, dataSource, arguments);
                    if (!(result instanceof Connection opened)) {
                        return result;
                    }
                    return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {Connection.class}, (connectionProxy, called, with) -> {
                                if (called.getName().equals("prepareStatement")) {
                                    prepared.incrementAndGet();
                                }
                                return invoke(called, opened, with);
                            });
                });
        JdbcAuditTrail trail = new JdbcAuditTrail(counting, clock, null);
        trail.addVisibility(visibility, Map.of(RecordVisibility.RECORD_TYPE, recordType));
        return trail;
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] arguments)
            throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
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
        return tables.count("SELECT COUNT(*) FROM " + table);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    @Override
    public String toString() {
        return database.kind();
    }
}
