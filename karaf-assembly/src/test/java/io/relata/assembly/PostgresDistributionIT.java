package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.PostgresServer;

/**
 * The distribution on PostgreSQL, reached through a proxy the test can cut, in a schema of its own. Two nodes
 * boot against it at the same moment, as a cluster's would.
 */
class PostgresDistributionIT extends ActivitiesContract {

    /** The migrator's advisory lock namespace, "RELA" (core's SchemaLock). */
    private static final int MIGRATION_LOCK_CLASS = 0x52454c41;
    /**
     * Longer than CoreRoutes.PATIENCE_MILLIS, the wait for a route once the routes stop coming, and than the
     * migrator waits before it reports a migration that stands still (15 s).
     */
    private static final long MIGRATION_HOLD_MILLIS = 20_000;

    private static PostgresServer postgres;
    private static String schema;
    private static TcpProxy proxy;
    private static RelataServer server;
    private static volatile HttpResponse<String> healthWhileMigrating;

    @BeforeAll
    static void boot() throws Exception {
        postgres = TestDatabases.postgresServer();
        schema = "relata_it_" + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE SCHEMA " + schema);
        URI database = URI.create(postgres.url().substring("jdbc:".length()));
        proxy = new TcpProxy(database.getHost(), database.getPort());
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getPath()
                + "?currentSchema=" + schema + "&connectTimeout=5&socketTimeout=30";
        Map<String, String> environment = Map.of("RELATA_DB_URL", url, "RELATA_DB_USER", postgres.user(),
                "RELATA_DB_PASSWORD", postgres.password());

        RelataServer first = RelataServer.install("pg-a", environment);
        RelataServer second = RelataServer.install("pg-b", environment);
        CompletableFuture<Void> migrationHeld = holdMigrationLock("core_modules", MIGRATION_HOLD_MILLIS, first);
        CompletableFuture<RelataServer> a = CompletableFuture.supplyAsync(() -> start(first));
        CompletableFuture<RelataServer> b = CompletableFuture.supplyAsync(() -> start(second));
        server = a.join();
        b.join().close();
        migrationHeld.join();
    }

    /**
     * Holds the advisory lock a node's migrator takes for a schema, as a third node migrating it would, until
     * {@code millis} after a node first waits for it: the nodes' migrations then stand still for longer than
     * core's routes wait for a route that does not come, and the API must wait along
     * (DistributionContract.coreRoutesBuildTheApplicationOnceAtBoot), and long enough for the migrator to report
     * where it waits. Meanwhile, health is asked of {@code node}.
     */
    private static CompletableFuture<Void> holdMigrationLock(String migrationSchema, long millis, RelataServer node)
            throws SQLException {
        Connection holder = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
        try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            lock.setInt(1, MIGRATION_LOCK_CLASS);
            lock.setInt(2, migrationSchema.hashCode());
            lock.execute();
        }
        return CompletableFuture.runAsync(() -> {
            try (holder; PreparedStatement waiters = holder.prepareStatement("SELECT COUNT(*) FROM pg_locks "
                    + "WHERE locktype = 'advisory' AND classid::bigint = ? AND objid::bigint = ? AND NOT granted")) {
                waiters.setLong(1, MIGRATION_LOCK_CLASS);
                waiters.setLong(2, Integer.toUnsignedLong(migrationSchema.hashCode()));
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (!hasRows(waiters) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(millis - 1_000);
                healthWhileMigrating = node.anonymous(HttpRequest.newBuilder(node.uri("/api/v1/health")).GET());
                Thread.sleep(1_000);
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean hasRows(PreparedStatement count) throws SQLException {
        try (ResultSet rows = count.executeQuery()) {
            return rows.next() && rows.getLong(1) > 0;
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    protected RelataServer server() {
        return server;
    }

    @Test
    @Order(2)
    void twoNodesBootingTogetherMigratedEachSchemaOnce() throws SQLException {
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".core_modules_changelog")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".core_recyclebin_changelog")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".core_modules_changelog_lock WHERE locked")).isZero();
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".core_module WHERE id = 'core'")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void healthSaysStartingWhileAMigrationWaitsForAnotherNode() {
        assertThat(healthWhileMigrating).as("health was asked while the schema was locked").isNotNull();
        assertThat(healthWhileMigrating.statusCode()).as(healthWhileMigrating.body()).isEqualTo(503);
        assertThat(healthWhileMigrating.headers().firstValue("Retry-After")).isPresent();
        assertThat(healthWhileMigrating.body()).contains("https://relata.io/problems/unavailable", "starting");
    }

    @Test
    @Order(2)
    void aMigrationWaitingForAnotherNodeIsReportedWithWhereItWaits() throws IOException {
        assertThat(server.log())
                .containsPattern("WARN .* Schema core_modules of io\\.relata\\.core\\.modules has been migrating for "
                        + "1\\d s; its module waits for it\\. The migrator is at:")
                .contains("at io.relata.core.persistence.migration.SchemaLock.acquire(");
    }

    @Test
    @Order(30)
    void pluginTablesLiveInTheConfiguredSchema() throws SQLException {
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".hello_changelog")).as("its two change sets").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM " + schema + ".hello_greeting WHERE name = 'Grace'")).isEqualTo(1);
    }

    @Test
    @Order(95)
    void healthIsDownWhileTheDatabaseDoesNotAnswer() throws Exception {
        proxy.cut();
        try {
            awaitStatus("/api/v1/health", 503);
            assertThat(Json.body(server.get("/api/v1/health")).path("status").asText()).isEqualTo("DOWN");
            assertThat(server.get("/api/v1/modules").statusCode()).as("other resources still answer").isNotEqualTo(404);
        } finally {
            proxy.resume();
        }
        awaitStatus("/api/v1/health", 200);
    }

    private static RelataServer start(RelataServer node) {
        try {
            return node.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
