package io.relata.testing;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The databases Relata's tests run on. PostgreSQL is found in this order: {@code RELATA_TEST_PG_URL} (with
 * {@code RELATA_TEST_PG_USER} / {@code RELATA_TEST_PG_PASSWORD}), a server at 127.0.0.1:5432 with database
 * {@code test} and user {@code postgres}, then an embedded PostgreSQL (which refuses to run as root). With
 * {@code CI=true} a missing PostgreSQL fails the test instead of skipping it.
 *
 * <p>Every call hands out an isolated place: a fresh in-memory H2 database, or a fresh PostgreSQL schema.
 */
public final class TestDatabases {

    private static volatile PostgresServer postgres;

    private TestDatabases() {
    }

    /** A database as the tests see it. */
    public record TestDatabase(String kind, String url, String user, String password, DataSource dataSource) {

        public Connection connect() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public String toString() {
            return kind;
        }
    }

    /**
     * @return a fresh H2 database, then a fresh PostgreSQL schema, for tests that run on every database. Each is
     *         made when the stream gets to it: PostgreSQL is only looked for once the H2 run is done.
     */
    public static Stream<TestDatabase> h2ThenPostgres() {
        return Stream.<Supplier<TestDatabase>>of(TestDatabases::h2, TestDatabases::postgres).map(Supplier::get);
    }

    /** @return a fresh in-memory H2 database, kept until the JVM exits, shareable by URL. */
    public static TestDatabase h2() {
        String url = "jdbc:h2:mem:relata_" + shortId() + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase("H2", url, "sa", "", h2DataSource(url));
    }

    public static DataSource h2DataSource(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    /** @return a fresh, empty schema on the PostgreSQL server the tests use. */
    public static TestDatabase postgres() {
        PostgresServer server = postgresServer();
        String schema = "relata_t_" + shortId();
        try (Connection connection = DriverManager.getConnection(server.url(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + server.url(), e);
        }
        String url = server.url() + (server.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase("PostgreSQL", url, server.user(), server.password(),
                postgresDataSource(url, server.user(), server.password()));
    }

    /** @return the server itself, for tests that create databases or schemas of their own. */
    public static PostgresServer postgresServer() {
        PostgresServer server = postgres;
        if (server == null) {
            synchronized (TestDatabases.class) {
                if (postgres == null) {
                    postgres = findPostgres();
                }
                server = postgres;
            }
        }
        return server;
    }

    public static DataSource postgresDataSource(String url, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** Where a PostgreSQL server answers. */
    public record PostgresServer(String url, String user, String password, String origin) {
    }

    private static PostgresServer findPostgres() {
        String configured = System.getenv("RELATA_TEST_PG_URL");
        if (configured != null && !configured.isBlank()) {
            PostgresServer server = new PostgresServer(configured, envOr("RELATA_TEST_PG_USER", "postgres"),
                    envOr("RELATA_TEST_PG_PASSWORD", ""), "RELATA_TEST_PG_URL");
            if (!answers(server)) {
                throw new IllegalStateException("RELATA_TEST_PG_URL is set but PostgreSQL does not answer at "
                        + configured);
            }
            return server;
        }
        PostgresServer local = new PostgresServer("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "",
                "127.0.0.1:5432");
        if (answers(local)) {
            return local;
        }
        String reason;
        if (isRoot()) {
            reason = "no PostgreSQL at 127.0.0.1:5432 and embedded PostgreSQL cannot run as root";
        } else {
            try {
                EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
                return new PostgresServer(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "",
                        "embedded");
            } catch (IOException | RuntimeException e) {
                reason = "no PostgreSQL at 127.0.0.1:5432 and embedded PostgreSQL failed: " + e.getMessage();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true requires PostgreSQL: " + reason);
        }
        Assumptions.abort("PostgreSQL tests skipped: " + reason);
        throw new AssertionError("unreachable");
    }

    private static boolean answers(PostgresServer server) {
        DriverManager.setLoginTimeout(3);
        try (Connection connection = DriverManager.getConnection(server.url(), server.user(), server.password())) {
            return connection.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }
}
