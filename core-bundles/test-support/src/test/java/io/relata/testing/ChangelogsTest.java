package io.relata.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.relata.api.persistence.SchemaMigration;
import io.relata.testing.TestDatabases.TestDatabase;

class ChangelogsTest {

    private static final SchemaMigration SCHEMA = () -> "db/test-support-changelog.xml";

    @Test
    void appliesTheChangelogWithLiquibasesOwnHistory() throws SQLException {
        TestDatabase database = Changelogs.apply(SCHEMA, TestDatabases.h2());

        try (Connection connection = database.connect()) {
            TableQueries tables = new TableQueries(connection);
            assertThat(tables.count("SELECT COUNT(*) FROM test_support_note")).isZero();
            assertThat(tables.count("SELECT COUNT(*) FROM DATABASECHANGELOG")).isOne();
        }
    }

    @Test
    void keepsTheHistoryWhereCoresMigratorKeepsItWhenAsked() throws SQLException {
        TestDatabase database = Changelogs.applyWithOwnHistory("test_support", SCHEMA, TestDatabases.h2());

        try (Connection connection = database.connect()) {
            TableQueries tables = new TableQueries(connection);
            assertThat(tables.count("SELECT COUNT(*) FROM test_support_changelog")).isOne();
            assertThat(tables.count("SELECT COUNT(*) FROM test_support_changelog_lock")).isOne();
            assertThat(tables.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE UPPER(TABLE_NAME) = 'DATABASECHANGELOG'")).isZero();
        }
    }

    @Test
    void aChangelogThatCannotBeAppliedFailsNamingIt() {
        SchemaMigration missing = () -> "db/no-such-changelog.xml";

        assertThatThrownBy(() -> Changelogs.apply(missing, TestDatabases.h2()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("db/no-such-changelog.xml");
    }
}
