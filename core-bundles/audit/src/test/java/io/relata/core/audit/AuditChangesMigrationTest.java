package io.relata.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.FieldChange;
import io.relata.api.audit.RecordVisibility;
import io.relata.api.rest.PageRequest;
import io.relata.testing.Changelogs;
import io.relata.testing.MutableClock;
import io.relata.testing.SingleConnectionDataSource;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * A database the first release's changelog made, with entries whose changes are rows of {@code core_audit_change},
 * upgraded: the changes move onto their entries as JSON and read back as they were written.
 */
class AuditChangesMigrationTest {

    private static final Instant WHEN = Instant.parse("2025-03-01T08:00:00.123456Z");

    static Stream<TestDatabase> databases() {
        return TestDatabases.h2ThenPostgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theChangesOfExistingEntriesMoveOntoThemInTheirOrder(TestDatabase database) throws SQLException {
        Changelogs.applyFirst(1, new AuditSchema(), database);
        try (Connection connection = database.connect()) {
            TableQueries tables = new TableQueries(connection);
            entry(tables, "e-1", "c-1", "UPDATED", WHEN);
            // written out of order: the position decides, not the order of the rows
            change(tables, "e-1", 2, "notes", "line one\nline \"two\"\t\\", null);
            change(tables, "e-1", 0, "name", "上海浦东贸易有限公司", "北京朝阳科技有限公司 😀");
            change(tables, "e-1", 1, "phone", null, "+86 21 5555 0100");
            entry(tables, "e-2", "c-1", "DELETED", WHEN.plusSeconds(1));
            entry(tables, "e-3", "c-2", "CREATED", WHEN.plusSeconds(2));
            change(tables, "e-3", 0, "stage", null, "LEAD");

            Changelogs.apply(new AuditSchema(), database);

            JdbcAuditTrail trail = new JdbcAuditTrail(new SingleConnectionDataSource(connection),
                    new MutableClock(WHEN), null);
            trail.addVisibility(recordId -> true, Map.of(RecordVisibility.RECORD_TYPE, "customer"));
            PageRequest all = new PageRequest(PageRequest.MAX_LIMIT, null);
            assertThat(trail.history("customer", "c-1", all).items())
                    .extracting(AuditEntry::id, AuditEntry::changes)
                    .containsExactly(
                            tuple("e-2", List.of()),
                            tuple("e-1", List.of(
                                    new FieldChange("name", "上海浦东贸易有限公司", "北京朝阳科技有限公司 😀"),
                                    new FieldChange("phone", null, "+86 21 5555 0100"),
                                    new FieldChange("notes", "line one\nline \"two\"\t\\", null))));
            assertThat(trail.history("customer", "c-2", all).items()).singleElement()
                    .satisfies(entry -> assertThat(entry.changes()).containsExactly(
                            new FieldChange("stage", null, "LEAD")));
            assertThatExceptionOfType(IllegalStateException.class)
                    .as("the table of changes is gone")
                    .isThrownBy(() -> tables.count("SELECT COUNT(*) FROM core_audit_change"));
        }
    }

    private static void entry(TableQueries tables, String id, String recordId, String action, Instant at) {
        tables.execute("INSERT INTO core_audit_entry (id, record_type, record_id, action, actor_id, actor_name,"
                + " occurred_at) VALUES (?, 'customer', ?, ?, 'u-1', 'alice', ?)", id, recordId, action,
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    private static void change(TableQueries tables, String entryId, int position, String field, String oldValue,
                               String newValue) {
        tables.execute("INSERT INTO core_audit_change (entry_id, position, field, old_value, new_value)"
                + " VALUES (?, ?, ?, ?, ?)", entryId, position, field, oldValue, newValue);
    }
}
