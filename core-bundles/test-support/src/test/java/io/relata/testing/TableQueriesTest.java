package io.relata.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TableQueriesTest {

    @Test
    void setsUpAndLooksAtRows() throws SQLException {
        try (Connection connection = TestDatabases.h2().connect()) {
            TableQueries tables = new TableQueries(connection);
            tables.execute("CREATE TABLE note (id int, label varchar(20), written_at timestamp with time zone)");
            tables.execute("INSERT INTO note VALUES (?, ?, ?)", 1, "one", Instant.parse("2025-01-01T00:00:00Z"));
            tables.execute("INSERT INTO note VALUES (?, ?, ?)", 2, null, null);

            Instant nextDay = Instant.parse("2025-01-02T00:00:00Z");

            assertThat(tables.count("SELECT COUNT(*) FROM note WHERE written_at < ?", nextDay)).isOne();
            assertThat(tables.text("SELECT label FROM note WHERE id = ?", 1)).isEqualTo("one");
            assertThat(tables.text("SELECT label FROM note WHERE id = ?", 2)).isNull();
            assertThat(tables.text("SELECT label FROM note WHERE id = ?", 3)).isNull();
            assertThat(tables.firstRow("SELECT id, label FROM note WHERE id = ?", 3)).isEmpty();
            assertThat(tables.rows("SELECT id, label FROM note ORDER BY id"))
                    .containsExactly(List.of(1, "one"), Arrays.asList(2, null));
            assertThatThrownBy(() -> tables.execute("DELETE FROM no_such_table"))
                    .isInstanceOf(IllegalStateException.class).hasMessage("DELETE FROM no_such_table");
        }
    }
}
