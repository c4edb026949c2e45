package io.relata.core.recyclebin;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.recyclebin.RecycleBinHandler;
import io.relata.testing.Changelogs;
import io.relata.testing.MutableClock;
import io.relata.testing.SingleConnectionDataSource;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * The recycle bin on a real database with its changelog applied, wired as DS would wire it, with a clock the
 * test moves and real transactions. Beside the bin it keeps a {@code fake_record} table standing in for the
 * tables of the modules whose records are deleted. JUnit closes it after the test.
 */
final class RecycleBinFixture implements AutoCloseable {

    static final Duration RETENTION = Duration.ofDays(30);

    private final TestDatabase database;
    private final Connection connection;
    private final List<Connection> others = new ArrayList<>();
    /**
     * Everything the code under test does goes through the fixture's one connection (see
     * {@link SingleConnectionDataSource}): that is what lets {@link ConnectionTransactions} commit and roll back
     * all of it together, as JTA does with the enlisted connections at runtime.
     */
    final DataSource dataSource;
    private final TableQueries tables;
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
        this.dataSource = new SingleConnectionDataSource(connection);
        this.tables = new TableQueries(connection);
        this.transactions = new ConnectionTransactions(connection);
        this.bin = new JdbcRecycleBin(dataSource, clock);
        this.actions = new RecycleBinActions(bin, transactions);
        this.retentionPurge = new RetentionPurge(bin, actions, clock, RETENTION);
        execute("CREATE TABLE fake_record (id varchar(64) PRIMARY KEY, deleted boolean NOT NULL)");
    }

    /** Fresh, migrated databases for {@link OnEveryDatabase}; PostgreSQL is looked for once H2 is done. */
    static Stream<RecycleBinFixture> databases() {
        return TestDatabases.h2ThenPostgres()
                .map(database -> Changelogs.apply(new RecycleBinSchema(), database))
                .map(RecycleBinFixture::new);
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
        return tables.count("SELECT COUNT(*) FROM core_recycle_bin WHERE id = ?", entryId) == 1;
    }

    long binSize() {
        return tables.count("SELECT COUNT(*) FROM core_recycle_bin");
    }

    /** @return {@code "deleted"}, {@code "live"} or {@code "gone"} */
    String recordState(String recordId) {
        return tables.firstRow("SELECT deleted FROM fake_record WHERE id = ?", recordId)
                .map(row -> Boolean.TRUE.equals(row.get(0)) ? "deleted" : "live")
                .orElse("gone");
    }

    /** Another connection to the same database, as another cluster node has; closed with the fixture. */
    Connection otherNode() throws SQLException {
        Connection other = database.connect();
        others.add(other);
        return other;
    }

    private void execute(String sql, Object... parameters) {
        tables.execute(sql, parameters);
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
}
