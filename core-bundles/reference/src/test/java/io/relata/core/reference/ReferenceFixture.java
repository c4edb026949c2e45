package io.relata.core.reference;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.persistence.SchemaState;
import io.relata.api.persistence.SchemaStatus;
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
 * The reference data services on a real database with the bundle's schema applied and seeded, as they start in
 * OSGi. Today is {@link #TODAY} for them. JUnit closes the fixture after the test.
 */
final class ReferenceFixture implements AutoCloseable {

    static final LocalDate TODAY = LocalDate.of(2024, 3, 15);

    /** What the services wait for in OSGi; they do not look inside, so a plain value will do. */
    static final SchemaStatus MIGRATED = new SchemaStatus() {
        @Override
        public String schema() {
            return ReferenceSchema.NAME;
        }

        @Override
        public SchemaState state() {
            return SchemaState.MIGRATED;
        }

        @Override
        public Optional<String> failure() {
            return Optional.empty();
        }

        @Override
        public int appliedChangeSets() {
            return 1;
        }

        @Override
        public Instant completedAt() {
            return Instant.now();
        }
    };

    /** Held, because JUL forgets the level of a logger nobody references. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private final TestDatabase database;
    private final Connection connection;
    /** What the code under test gets: the fixture's one connection, see {@link #reusing}. */
    final DataSource dataSource;
    final Clock clock = Clock.fixed(TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    final DirectTransactions transactions = new DirectTransactions();
    final JdbcCurrencies currencies;
    final JdbcExchangeRates rates;
    final JdbcSubsidiaries subsidiaries;
    final JdbcPicklists picklists;

    private ReferenceFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = reusing(connection);
        this.currencies = startCurrencies("USD");
        this.rates = new JdbcExchangeRates(dataSource, transactions, currencies, clock);
        this.subsidiaries = new JdbcSubsidiaries(dataSource, transactions, currencies, clock);
        this.picklists = startPicklists();
    }

    /**
     * Fresh, migrated databases for {@link OnEveryDatabase}, each in a fixture that JUnit closes after the test
     * (it closes {@link AutoCloseable} arguments). PostgreSQL is only looked for once the H2 run is done.
     */
    static Stream<ReferenceFixture> databases() {
        return Stream.<Supplier<TestDatabase>>of(TestDatabases::h2, TestDatabases::postgres)
                .map(Supplier::get)
                .map(ReferenceFixture::migrated)
                .map(ReferenceFixture::new);
    }

    /** Applies the bundle's own changelog, as core's migrator does at run time. */
    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    static TestDatabase migrated(TestDatabase database) {
        try (Connection migrating = database.connect()) {
            Database target = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(migrating));
            Liquibase liquibase = new Liquibase(new ReferenceSchema().changelog(),
                    new ClassLoaderResourceAccessor(ReferenceFixture.class.getClassLoader()), target);
            // what Liquibase prints would bury the test output, once per test and database
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply the reference schema on " + database, e);
        }
    }

    /** Starts the currencies component (again) as OSGi would, configured with this base currency. */
    JdbcCurrencies startCurrencies(String configuredBase) {
        return new JdbcCurrencies(dataSource, MIGRATED, transactions, settings(configuredBase));
    }

    /** Starts the picklists component (again) as OSGi would. */
    JdbcPicklists startPicklists() {
        return new JdbcPicklists(dataSource, MIGRATED, transactions);
    }

    /** Settings as configuration admin hands them over. */
    static ReferenceSettings settings(String baseCurrency) {
        return (ReferenceSettings) Proxy.newProxyInstance(ReferenceSettings.class.getClassLoader(),
                new Class<?>[] {ReferenceSettings.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "base_currency" -> baseCurrency;
                    case "annotationType" -> ReferenceSettings.class;
                    case "toString" -> "ReferenceSettings(" + baseCurrency + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    long count(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
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
     * The code under test opens a connection per statement, as it may with core's pool behind it. Without a pool
     * that is a new PostgreSQL login each time, which makes the tests crawl; handing out one connection whose
     * {@code close()} does nothing keeps them quick. Every statement still commits on its own.
     */
    private static DataSource reusing(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(ReferenceFixture.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "close" -> null;
                    case "isClosed" -> false;
                    default -> invoke(connection, method, arguments);
                });
        return (DataSource) Proxy.newProxyInstance(ReferenceFixture.class.getClassLoader(),
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
