package io.relata.core.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.persistence.SchemaStatus;
import io.relata.api.rest.PageRequest;
import io.relata.api.security.ScopeKind;
import io.relata.testing.Changelogs;
import io.relata.testing.ConfigurationProxies;
import io.relata.testing.SchemaStatuses;
import io.relata.testing.SingleConnectionDataSource;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * A {@link SecurityService} on a real database with the security schema applied, plus short ways to set up the
 * users, roles and teams a test needs and to look at the tables directly. JUnit closes it after the test.
 */
final class SecurityFixture implements AutoCloseable {

    /** What {@link SecurityService} waits for in OSGi. */
    static final SchemaStatus MIGRATED = SchemaStatuses.migrated(SecuritySchema.NAME);

    private final TestDatabase database;
    private final Connection connection;
    /** What the code under test gets: the fixture's one connection, see {@link SingleConnectionDataSource}. */
    final DataSource dataSource;
    private final TableQueries tables;
    final SecurityService security;

    private SecurityFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = new SingleConnectionDataSource(connection);
        this.tables = new TableQueries(connection);
        this.security = new SecurityService(dataSource, MIGRATED, settings(Map.of()));
    }

    /**
     * Fresh, migrated databases for {@link OnEveryDatabase}, each in a fixture that JUnit closes after the test
     * (it closes {@link AutoCloseable} arguments). PostgreSQL is only looked for once the H2 run is done.
     */
    static Stream<SecurityFixture> databases() {
        return TestDatabases.h2ThenPostgres()
                .map(database -> Changelogs.apply(new SecuritySchema(), database))
                .map(SecurityFixture::new);
    }

    /**
     * Settings as configuration admin would hand them over: the metatype defaults, with some overridden.
     *
     * @param overrides by attribute method name, e.g. {@code lockout_failures}
     */
    static SecuritySettings settings(Map<String, Object> overrides) {
        return ConfigurationProxies.of(SecuritySettings.class, overrides);
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
        return tables.count(sql, parameters);
    }

    /** @return the first column of the first row, as text; null when there is no row or the value is null */
    String text(String sql, Object... parameters) {
        return tables.text(sql, parameters);
    }

    void execute(String sql, Object... parameters) {
        tables.execute(sql, parameters);
    }

    /** @return every value of every row of the table, as text, for checking that a secret is nowhere in it */
    List<String> everyValueOf(String table) {
        return tables.rows("SELECT * FROM " + table).stream().flatMap(List::stream)
                .map(value -> value == null ? "" : value.toString()).toList();
    }

    /** The user's security events, newest first. */
    List<SecurityAudit.Event> auditOf(String username) {
        return security.audit().list(null, username, new PageRequest(PageRequest.MAX_LIMIT, null)).items();
    }
}
