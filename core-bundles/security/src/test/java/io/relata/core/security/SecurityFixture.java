package io.relata.core.security;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.persistence.SchemaState;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.rest.PageRequest;
import io.relata.api.security.ScopeKind;
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
 * A {@link SecurityService} on a real database with the security schema applied, plus short ways to set up the
 * users, roles and teams a test needs and to look at the tables directly. JUnit closes it after the test.
 */
final class SecurityFixture implements AutoCloseable {

    /** What {@link SecurityService} waits for in OSGi; it does not look inside, so a plain value will do. */
    static final SchemaStatus MIGRATED = new SchemaStatus() {
        @Override
        public String schema() {
            return SecuritySchema.NAME;
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
    final SecurityService security;

    private SecurityFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = reusing(connection);
        this.security = new SecurityService(dataSource, MIGRATED, settings(Map.of()));
    }

    /**
     * Fresh, migrated databases for {@link OnEveryDatabase}, each in a fixture that JUnit closes after the test
     * (it closes {@link AutoCloseable} arguments). PostgreSQL is only looked for once the H2 run is done.
     */
    static Stream<SecurityFixture> databases() {
        return Stream.<Supplier<TestDatabase>>of(TestDatabases::h2, TestDatabases::postgres)
                .map(Supplier::get)
                .map(SecurityFixture::migrated)
                .map(SecurityFixture::new);
    }

    /** Applies the bundle's own changelog, as core's migrator does at runtime. */
    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    static TestDatabase migrated(TestDatabase database) {
        try (Connection migrating = database.connect()) {
            Database target = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(migrating));
            Liquibase liquibase = new Liquibase(new SecuritySchema().changelog(),
                    new ClassLoaderResourceAccessor(SecurityFixture.class.getClassLoader()), target);
            // what Liquibase prints would bury the test output, once per test and database
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply the security schema on " + database, e);
        }
    }

    /**
     * Settings as configuration admin would hand them over: the metatype defaults, with some overridden.
     *
     * @param overrides by attribute method name, e.g. {@code lockout_failures}
     */
    static SecuritySettings settings(Map<String, Object> overrides) {
        Set<String> attributes = Arrays.stream(SecuritySettings.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        if (!attributes.containsAll(overrides.keySet())) {
            throw new IllegalArgumentException("not settings: " + overrides.keySet() + ", known: " + attributes);
        }
        return (SecuritySettings) Proxy.newProxyInstance(SecuritySettings.class.getClassLoader(),
                new Class<?>[] {SecuritySettings.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "annotationType" -> SecuritySettings.class;
                    case "toString" -> "SecuritySettings" + overrides;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> overrides.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    boolean isPostgres() {
        return database.kind().equals("PostgreSQL");
    }

    Directory directory() {
        return security.directory();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    @Override
    public String toString() {
        return database.kind();
    }

    // ---- setting up ----------------------------------------------------------------------------------------

    /** A user to be created; only the username is required. */
    final class NewUser {
        private final String username;
        private String managerId;
        private String subsidiaryId;
        private String partnerId;
        private String passwordHash;
        private boolean active = true;
        private final List<String> roleIds = new ArrayList<>();

        private NewUser(String username) {
            this.username = username;
        }

        NewUser reportingTo(String managerId) {
            this.managerId = managerId;
            return this;
        }

        NewUser ofSubsidiary(String subsidiaryId) {
            this.subsidiaryId = subsidiaryId;
            return this;
        }

        NewUser ofPartner(String partnerId) {
            this.partnerId = partnerId;
            return this;
        }

        NewUser withPasswordHash(String hash) {
            this.passwordHash = hash;
            return this;
        }

        NewUser inactive() {
            this.active = false;
            return this;
        }

        NewUser withRoles(String... ids) {
            roleIds.addAll(List.of(ids));
            return this;
        }

        /** @return the new user's id */
        String create() {
            String id = directory().createUser(username, username, null, "en", "UTC", managerId, subsidiaryId,
                    partnerId, active, passwordHash);
            directory().assignRoles(id, roleIds);
            return id;
        }
    }

    NewUser newUser(String username) {
        return new NewUser(username);
    }

    /** @return the id of a new active user without password, roles or place in the organisation */
    String user(String username) {
        return newUser(username).create();
    }

    /** @return the id of a new role granting the scopes (by record type, {@code "*"} for the rest) */
    String role(String name, Map<String, ScopeKind> scopes, String... permissions) {
        return directory().createRole(name, null, false, List.of(permissions), scopes);
    }

    /** @return the id of a new team with these user ids as members */
    String team(String name, String... memberIds) {
        return directory().createTeam(name, List.of(memberIds));
    }

    // ---- looking at the tables -----------------------------------------------------------------------------

    long count(String sql, Object... parameters) {
        return ((Number) query(sql, parameters).get(0).get(0)).longValue();
    }

    /** @return the first column of the first row, as text; null when there is no row or the value is null */
    String text(String sql, Object... parameters) {
        List<List<Object>> rows = query(sql, parameters);
        return rows.isEmpty() || rows.get(0).get(0) == null ? null : rows.get(0).get(0).toString();
    }

    void execute(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** @return every value of every row of the table, as text, for checking that a secret is nowhere in it */
    List<String> everyValueOf(String table) {
        return query("SELECT * FROM " + table).stream().flatMap(List::stream)
                .map(value -> value == null ? "" : value.toString()).toList();
    }

    /** The user's security events, newest first. */
    List<SecurityAudit.Event> auditOf(String username) {
        return security.audit().list(null, username, new PageRequest(PageRequest.MAX_LIMIT, null)).items();
    }

    private List<List<Object>> query(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData columns = rows.getMetaData();
            List<List<Object>> result = new ArrayList<>();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= columns.getColumnCount(); column++) {
                    row.add(rows.getObject(column));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * The code under test opens a connection per statement, as it may with core's pool behind it. Without a pool
     * that is a new PostgreSQL login each time, which makes the tests crawl; handing out one connection whose
     * {@code close()} does nothing keeps them quick. Every statement still commits on its own.
     */
    private static DataSource reusing(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(SecurityFixture.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "close" -> null;
                    case "isClosed" -> false;
                    default -> invoke(connection, method, arguments);
                });
        return (DataSource) Proxy.newProxyInstance(SecurityFixture.class.getClassLoader(),
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

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            statement.setObject(i + 1, value instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : value);
        }
        return statement;
    }
}
