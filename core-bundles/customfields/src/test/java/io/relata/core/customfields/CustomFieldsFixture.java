package io.relata.core.customfields;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.customfield.CustomFieldDefinition;
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
 * The custom field service on a real database with the bundle's schema applied, as it starts in OSGi, with a
 * {@link RecordVisibility} for {@value #CONTACT} records that lets the user see the ids in {@link #visibleContacts}.
 * JUnit closes the fixture after the test.
 */
final class CustomFieldsFixture implements AutoCloseable {

    /** The record type the tests' reference fields point to. */
    static final String CONTACT = "contact";

    /** What the service waits for in OSGi; it does not look inside, so a plain value will do. */
    static final SchemaStatus MIGRATED = new SchemaStatus() {
        @Override
        public String schema() {
            return CustomFieldsSchema.NAME;
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
    final DataSource dataSource;
    final DirectTransactions transactions = new DirectTransactions();
    final JdbcCustomFields fields;
    /** The {@value #CONTACT} ids the current user may see. */
    final Set<String> visibleContacts = new HashSet<>();
    final RecordVisibility contactVisibility = visibleContacts::contains;

    private CustomFieldsFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = reusing(connection);
        this.fields = start();
        fields.addVisibility(contactVisibility, Map.of(RecordVisibility.RECORD_TYPE, CONTACT));
    }

    /**
     * Fresh, migrated databases for {@link OnEveryDatabase}, each in a fixture that JUnit closes after the test
     * (it closes {@link AutoCloseable} arguments). PostgreSQL is only looked for once the H2 run is done.
     */
    static Stream<CustomFieldsFixture> databases() {
        return Stream.<Supplier<TestDatabase>>of(TestDatabases::h2, TestDatabases::postgres)
                .map(Supplier::get)
                .map(CustomFieldsFixture::migrated)
                .map(CustomFieldsFixture::new);
    }

    /** Applies the bundle's own changelog, as core's migrator does at run time. */
    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    static TestDatabase migrated(TestDatabase database) {
        try (Connection migrating = database.connect()) {
            Database target = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(migrating));
            Liquibase liquibase = new Liquibase(new CustomFieldsSchema().changelog(),
                    new ClassLoaderResourceAccessor(CustomFieldsFixture.class.getClassLoader()), target);
            // what Liquibase prints would bury the test output, once per test and database
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply the custom fields schema on " + database, e);
        }
    }

    /** Starts the component (again) as OSGi would, without visibility services. */
    JdbcCustomFields start() {
        return new JdbcCustomFields(dataSource, MIGRATED, transactions);
    }

    /** Creates the field as an administrator would. */
    CustomFieldDefinition create(FieldSpec spec) {
        return fields.create(spec.toFields());
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
        Connection unclosable = (Connection) Proxy.newProxyInstance(CustomFieldsFixture.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "close" -> null;
                    case "isClosed" -> false;
                    default -> invoke(connection, method, arguments);
                });
        return (DataSource) Proxy.newProxyInstance(CustomFieldsFixture.class.getClassLoader(),
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
