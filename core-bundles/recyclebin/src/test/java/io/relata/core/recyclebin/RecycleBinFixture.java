package io.relata.core.recyclebin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.recyclebin.RecycleBinHandler;
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
 * The recycle bin on a real database with its changelog applied, wired as DS would wire it, with a clock the
 * test moves and real transactions. Beside the bin it keeps a {@code fake_record} table standing in for the
 * tables of the modules whose records are deleted. JUnit closes it after the test.
 */
final class RecycleBinFixture implements AutoCloseable {

    static final Duration RETENTION = Duration.ofDays(30);

    /** Held, because JUL forgets the level of a logger nobody references. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private final TestDatabase database;
    private final Connection connection;
    private final List<Connection> others = new ArrayList<>();
    final DataSource dataSource;
    final MutableClock clock = new MutableClock();
    final ConnectionTransactions transactions;
    final JdbcRecycleBin bin;
    final RecycleBinActions actions;
    final RetentionPurge retentionPurge;

    private RecycleBinFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = reusing(connection);
        this.transactions = new ConnectionTransactions(connection);
        this.bin = new JdbcRecycleBin(dataSource, clock);
        this.actions = new RecycleBinActions(bin, transactions);
        this.retentionPurge = new RetentionPurge(bin, actions, clock, RETENTION);
        execute("CREATE TABLE fake_record (id varchar(64) PRIMARY KEY, deleted boolean NOT NULL)");
    }

    /** Fresh, migrated databases for {@link OnEveryDatabase}; PostgreSQL is looked for once H2 is done. */
    static Stream<RecycleBinFixture> databases() {
        return Stream.<Supplier<TestDatabase>>of(TestDatabases::h2, TestDatabases::postgres)
                .map(Supplier::get)
                .map(RecycleBinFixture::migrated)
                .map(RecycleBinFixture::new);
    }

    /** Applies the bundle's own changelog, as core's migrator does at runtime. */
    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    private static TestDatabase migrated(TestDatabase database) {
        try (Connection migrating = database.connect()) {
            Database target = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(migrating));
            Liquibase liquibase = new Liquibase(new RecycleBinSchema().changelog(),
                    new ClassLoaderResourceAccessor(RecycleBinFixture.class.getClassLoader()), target);
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply the recycle-bin schema on " + database, e);
        }
    }

    // ---- modules and their records -------------------------------------------------------------------------

    /** A module's handler for the record type, registered as the DS whiteboard would. */
    FakeModule module(String moduleId, String recordType) {
        FakeModule module = new FakeModule(moduleId, recordType);
        actions.addHandler(module, Map.of(RecycleBinHandler.RECORD_TYPE, recordType));
        return module;
    }

    /** The module's bundle stopped. */
    void stop(FakeModule module) {
        actions.removeHandler(module, Map.of(RecycleBinHandler.RECORD_TYPE, module.recordType));
    }

    /** Deletes a record as a module does: marks its row and puts it in the bin, one second after the last. */
    RecycleBinEntry delete(String moduleId, String recordType, String recordId) {
        clock.advance(Duration.ofSeconds(1));
        return transactions.required(() -> {
            execute("INSERT INTO fake_record (id, deleted) VALUES (?, ?)", recordId, true);
            return bin.add(moduleId, recordType, recordId, "label of " + recordId);
        });
    }

    /** A handler over {@code fake_record} that notes every call and fails on demand, after its own write. */
    final class FakeModule implements RecycleBinHandler {
        final String id;
        final String recordType;
        final List<String> restored = new ArrayList<>();
        final List<String> purged = new ArrayList<>();
        private final Map<String, RuntimeException> failures = new HashMap<>();

        private FakeModule(String id, String recordType) {
            this.id = id;
            this.recordType = recordType;
        }

        FakeModule failingOn(String recordId, RuntimeException failure) {
            failures.put(recordId, failure);
            return this;
        }

        @Override
        public void restore(String recordId) {
            restored.add(recordId);
            execute("UPDATE fake_record SET deleted = ? WHERE id = ?", false, recordId);
            failIfAsked(recordId);
        }

        @Override
        public void purge(String recordId) {
            purged.add(recordId);
            execute("DELETE FROM fake_record WHERE id = ?", recordId);
            failIfAsked(recordId);
        }

        private void failIfAsked(String recordId) {
            RuntimeException failure = failures.get(recordId);
            if (failure != null) {
                throw failure;
            }
        }
    }

    // ---- looking at the tables -----------------------------------------------------------------------------

    boolean inBin(String entryId) {
        return count("SELECT COUNT(*) FROM core_recycle_bin WHERE id = ?", entryId) == 1;
    }

    long binSize() {
        return count("SELECT COUNT(*) FROM core_recycle_bin");
    }

    /** @return {@code "deleted"}, {@code "live"} or {@code "gone"} */
    String recordState(String recordId) {
        List<Object> row = firstRow("SELECT deleted FROM fake_record WHERE id = ?", recordId);
        return row == null ? "gone" : Boolean.TRUE.equals(row.get(0)) ? "deleted" : "live";
    }

    /** Another connection to the same database, as another cluster node has; closed with the fixture. */
    Connection otherNode() throws SQLException {
        Connection other = database.connect();
        others.add(other);
        return other;
    }

    private long count(String sql, Object... parameters) {
        return ((Number) firstRow(sql, parameters).get(0)).longValue();
    }

    private List<Object> firstRow(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return null;
            }
            List<Object> row = new ArrayList<>();
            for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                row.add(rows.getObject(column));
            }
            return row;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void execute(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    @Override
    public void close() throws SQLException {
        for (Connection other : others) {
            other.close();
        }
        connection.close();
    }

    @Override
    public String toString() {
        return database.kind();
    }

    /**
     * Everything the code under test does goes through the fixture's one connection, whose {@code close()} does
     * nothing: that is what lets {@link ConnectionTransactions} commit and roll back all of it together, as JTA
     * does with the enlisted connections at runtime.
     */
    private static DataSource reusing(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(RecycleBinFixture.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "close" -> null;
                    case "isClosed" -> false;
                    default -> invoke(connection, method, arguments);
                });
        return (DataSource) Proxy.newProxyInstance(RecycleBinFixture.class.getClassLoader(),
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
