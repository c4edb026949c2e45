package io.relata.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class SingleConnectionDataSourceTest {

    @Test
    void handsOutTheOneConnectionAndLeavesClosingToTheTest() throws SQLException {
        try (Connection connection = TestDatabases.h2().connect()) {
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(connection);
            TableQueries tables = new TableQueries(connection);
            tables.execute("CREATE TABLE note (id int)");

            connection.setAutoCommit(false);
            try (Connection used = dataSource.getConnection()) {
                used.createStatement().executeUpdate("INSERT INTO note VALUES (1)");
            }
            assertThat(dataSource.getConnection().isClosed()).isFalse();
            assertThat(connection.isClosed()).isFalse();
            connection.rollback();
            connection.setAutoCommit(true);

            assertThat(tables.count("SELECT COUNT(*) FROM note")).as("in the test's transaction").isZero();
        }
    }
}
