package io.relata.core.persistence.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.lang.reflect.Field;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;
import liquibase.Scope;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.lockservice.LockServiceFactory;

/** Migrations behave the same on H2 and PostgreSQL: once, idempotent, safe when two nodes start together. */
class LiquibaseMigratorTest {

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(), TestDatabases.postgres());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void appliesOnceAndIsIdempotentOnRestart(TestDatabase database) throws Exception {
        MigrationResult first = migrate(database.dataSource(), "sample", "db/sample-changelog.xml");
        MigrationResult again = migrate(database.dataSource(), "sample", "db/sample-changelog.xml");

        assertThat(first.appliedChangeSets()).isEqualTo(2);
        assertThat(again.appliedChangeSets()).isZero();
        assertThat(again.byFingerprint()).as("the unchanged changelog was not given to Liquibase again").isTrue();
        assertThat(count(database, "SELECT COUNT(*) FROM sample_item")).isEqualTo(1);
        assertThat(count(database, "SELECT COUNT(*) FROM sample_changelog")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoNodesStartingTogetherApplyEachChangeSetOnce(TestDatabase database) throws Exception {
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MigrationResult>> runs = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            // each node has its own connection pool, as separate servers would
            DataSource ownPool = "H2".equals(database.kind())
                    ? TestDatabases.h2DataSource(database.url())
                    : TestDatabases.postgresDataSource(database.url(), database.user(), database.password());
            runs.add(pool.submit((Callable<MigrationResult>) () -> {
                start.await();
                return migrate(ownPool, "sample", "db/sample-changelog.xml");
            }));
        }
        start.countDown();
        int applied = 0;
        for (Future<MigrationResult> run : runs) {
            applied += run.get(2, TimeUnit.MINUTES).appliedChangeSets();
        }
        pool.shutdown();

        assertThat(applied).as("change sets applied across all nodes").isEqualTo(2);
        assertThat(count(database, "SELECT COUNT(*) FROM sample_item")).as("seed row").isEqualTo(1);
        assertThat(count(database, "SELECT COUNT(*) FROM sample_changelog")).isEqualTo(2);
        assertThat(count(database, "SELECT COUNT(*) FROM sample_changelog_lock WHERE locked = TRUE")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void lockLeftByACrashedNodeDoesNotBlockTheNextStart(TestDatabase database) throws Exception {
        migrate(database.dataSource(), "sample", "db/sample-changelog.xml");
        execute(database, "UPDATE sample_changelog_lock SET locked = TRUE, lockedby = 'crashed-node'");

        assertThat(migrate(database.dataSource(), "sample", "db/sample-changelog.xml").appliedChangeSets()).isZero();
        assertThat(count(database, "SELECT COUNT(*) FROM sample_changelog_lock WHERE locked = TRUE")).isZero();
    }

    @Test
    void waitsWhileAnotherNodeHoldsTheSchemaLockOnPostgres() throws Exception {
        TestDatabase database = TestDatabases.postgres();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection otherNode = database.connect()) {
            try (PreparedStatement lock = otherNode.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, 0x52454c41);
                lock.setInt(2, "sample".hashCode());
                lock.execute();
            }
            Future<MigrationResult> run = pool.submit(() -> migrate(database.dataSource(), "sample",
                    "db/sample-changelog.xml"));
            assertThatThrownBy(() -> run.get(1, TimeUnit.SECONDS)).as("blocked by the other node")
                    .isInstanceOf(TimeoutException.class);
            try (PreparedStatement unlock = otherNode.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                unlock.setInt(1, 0x52454c41);
                unlock.setInt(2, "sample".hashCode());
                unlock.execute();
            }
            assertThat(run.get(1, TimeUnit.MINUTES).appliedChangeSets()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void failedChangeSetIsReportedAndReleasesTheLock(TestDatabase database) throws Exception {
        assertThatThrownBy(() -> migrate(database.dataSource(), "broken", "db/broken-changelog.xml"))
                .satisfies(e -> assertThat(e).hasStackTraceContaining("table_that_does_not_exist"));

        assertThat(count(database, "SELECT COUNT(*) FROM broken_changelog")).as("first change set kept").isEqualTo(1);
        assertThat(count(database, "SELECT COUNT(*) FROM broken_changelog_lock WHERE locked = TRUE")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void schemasKeepSeparateHistories(TestDatabase database) throws Exception {
        migrate(database.dataSource(), "sample", "db/sample-changelog.xml");
        assertThatThrownBy(() -> migrate(database.dataSource(), "broken", "db/broken-changelog.xml"));

        assertThat(migrate(database.dataSource(), "sample", "db/sample-changelog.xml").appliedChangeSets()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aChangedChangelogOrHistoryGoesToLiquibaseAgain(TestDatabase database) throws Exception {
        assertThat(migrate(database.dataSource(), "sample", "db/sample-changelog.xml").byFingerprint()).isFalse();

        MigrationResult release = migrate(database.dataSource(), "sample", "db/sample-changelog-v2.xml");
        assertThat(release.byFingerprint()).as("a new release of the changelog").isFalse();
        assertThat(release.appliedChangeSets()).isEqualTo(1);
        assertThat(migrate(database.dataSource(), "sample", "db/sample-changelog-v2.xml").byFingerprint()).isTrue();

        // the history changed behind Liquibase's back (a change set's row deleted to have it run again)
        execute(database, "DELETE FROM sample_item WHERE id = '00000000-0000-0000-0000-000000000002'");
        execute(database, "DELETE FROM sample_changelog WHERE id = '3'");
        MigrationResult rerun = migrate(database.dataSource(), "sample", "db/sample-changelog-v2.xml");
        assertThat(rerun.byFingerprint()).isFalse();
        assertThat(rerun.appliedChangeSets()).isEqualTo(1);
        assertThat(count(database, "SELECT COUNT(*) FROM sample_item")).isEqualTo(2);
    }

    /** In the server, Liquibase's bundle is started only for a migration that needs it (SchemaMigrator). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void liquibaseIsCalledUponOnlyWhenTheChangelogIsNewOrChanged(TestDatabase database) throws Exception {
        AtomicInteger starts = new AtomicInteger();
        LiquibaseMigrator migrator = new LiquibaseMigrator(database.dataSource(), Clock.systemUTC(),
                starts::incrementAndGet);
        ClassLoader loader = getClass().getClassLoader();

        migrator.migrate("sample", "db/sample-changelog.xml", loader);
        assertThat(starts).as("a new schema").hasValue(1);
        migrator.migrate("sample", "db/sample-changelog.xml", loader);
        migrator.migrate("sample", "/db/sample-changelog.xml", loader);
        assertThat(starts).as("unchanged, however the path is written").hasValue(1);
        migrator.migrate("sample", "db/sample-changelog-v2.xml", loader);
        assertThat(starts).as("a new release of the changelog").hasValue(2);
        migrator.migrate("sample", "db/including-changelog.xml", loader);
        migrator.migrate("sample", "db/including-changelog.xml", loader);
        assertThat(starts).as("a changelog without fingerprint goes to Liquibase every time").hasValue(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLiquibaseThatCannotStartFailsTheMigrationAndLeavesTheSchemaAlone(TestDatabase database) {
        LiquibaseMigrator migrator = new LiquibaseMigrator(database.dataSource(), Clock.systemUTC(), () -> {
            throw new IllegalStateException("Liquibase (bundle 162) could not be started: no");
        });

        assertThatThrownBy(() -> migrator.migrate("sample", "db/sample-changelog.xml", getClass().getClassLoader()))
                .hasMessageContaining("could not be started");
        assertThatThrownBy(() -> count(database, "SELECT COUNT(*) FROM sample_item")).isInstanceOf(SQLException.class);
    }

    @Test
    void onlyAChangelogThatIsTheWholeStoryHasAFingerprint() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(ChangelogFingerprints.of("db/sample-changelog.xml", loader)).isPresent();
        assertThat(ChangelogFingerprints.of("db/sample-changelog.xml", loader))
                .isEqualTo(ChangelogFingerprints.of("/db/sample-changelog.xml", loader))
                .isEqualTo(ChangelogFingerprints.of("classpath:db/sample-changelog.xml", loader))
                .isNotEqualTo(ChangelogFingerprints.of("db/sample-changelog-v2.xml", loader));
        assertThat(ChangelogFingerprints.of("db/including-changelog.xml", loader)).as("includes other files")
                .isEmpty();
        assertThat(ChangelogFingerprints.of("db/no-such-changelog.xml", loader)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rejectsSchemaNamesThatAreNotSafeTableNames(TestDatabase database) {
        for (String name : new String[] {"Sample", "x; DROP TABLE y", "1abc", ""}) {
            assertThatThrownBy(() -> migrate(database.dataSource(), name, "db/sample-changelog.xml"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A plugin migrates at every deploy: Liquibase's global per-database state must not grow with each one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void repeatedMigrationsLeaveNothingBehindInLiquibase(TestDatabase database) throws Exception {
        migrate(database.dataSource(), "sample", "db/sample-changelog.xml");
        int[] before = liquibaseState();
        for (int i = 0; i < 5; i++) {
            migrate(database.dataSource(), "sample", "db/sample-changelog.xml");
        }
        assertThatThrownBy(() -> migrate(database.dataSource(), "broken", "db/broken-changelog.xml"));

        assertThat(liquibaseState()).as("lock services, history services, executors kept by Liquibase")
                .containsExactly(before);
    }

    /** Sizes of the maps in which Liquibase keeps state per database object (private: read by reflection). */
    private static int[] liquibaseState() throws ReflectiveOperationException {
        return new int[] {
            mapSize(LockServiceFactory.getInstance(), "openLockServices"),
            mapSize(ChangeLogHistoryServiceFactory.getInstance(), "services"),
            mapSize(Scope.getCurrentScope().getSingleton(liquibase.executor.ExecutorService.class), "executors")};
    }

    private static int mapSize(Object owner, String field) throws ReflectiveOperationException {
        Field map = owner.getClass().getDeclaredField(field);
        map.setAccessible(true);
        return ((Map<?, ?>) map.get(owner)).size();
    }

    private static MigrationResult migrate(DataSource dataSource, String schema, String changelog) throws Exception {
        return new LiquibaseMigrator(dataSource, Clock.systemUTC())
                .migrate(schema, changelog, LiquibaseMigratorTest.class.getClassLoader());
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
