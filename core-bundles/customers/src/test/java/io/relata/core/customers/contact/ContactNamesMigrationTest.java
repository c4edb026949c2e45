package io.relata.core.customers.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.core.customers.customer.CustomersSchema;
import io.relata.testing.Changelogs;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * Change sets 17 to 19 add {@code core_customer.contact_name_keys}, fill it in from the contacts a database already
 * has, and index it on PostgreSQL.
 */
class ContactNamesMigrationTest {

    static Stream<TestDatabase> databases() {
        return TestDatabases.h2ThenPostgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void existingCustomersGetTheirLiveContactsNames(TestDatabase database) throws Exception {
        CustomersSchema schema = new CustomersSchema();
        Changelogs.applyWithOwnHistory("core_customers", schema, database);
        boolean postgres = database.kind().equals("PostgreSQL");
        try (Connection connection = database.connect()) {
            TableQueries sql = new TableQueries(connection);
            // back to the schema before change set 17, with customers and contacts written by that release
            if (postgres) {
                sql.execute("DROP INDEX core_customer_contact_bigram");
                sql.execute("DROP INDEX IF EXISTS core_customer_contact_trgm");
            }
            sql.execute("ALTER TABLE core_customer DROP COLUMN contact_name_keys");
            sql.execute("DELETE FROM core_customers_changelog WHERE id IN ('17-contact-names-on-customer',"
                    + " '18-contact-names-bigrams', '19-pg-trgm-contact-names-index')");
            for (String customer : new String[] {"acme", "gone", "none"}) {
                insertCustomer(sql, customer);
            }
            insertContact(sql, "k1", "acme", "wei li / li wei / liwei", false);
            insertContact(sql, "k2", "acme", "ann kim / kim ann / kimann", false);
            insertContact(sql, "k3", "acme", "old name", true);
            insertContact(sql, "k4", "gone", "deleted only", true);
        }

        Changelogs.applyWithOwnHistory("core_customers", schema, database);

        try (Connection connection = database.connect()) {
            TableQueries sql = new TableQueries(connection);
            assertThat(sql.rows("SELECT id, contact_name_keys FROM core_customer ORDER BY id"))
                    .extracting(row -> row.get(0) + "=" + row.get(1))
                    .containsExactly("acme=ann kim / kim ann / kimann\nwei li / li wei / liwei", "gone=null",
                            "none=null");
            if (postgres) {
                assertThat(sql.count("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'core_customer'"
                        + " AND indexname = 'core_customer_contact_bigram' AND schemaname = current_schema"))
                        .isEqualTo(1);
                assertThat(sql.count("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'core_customer'"
                        + " AND indexname = 'core_customer_contact_trgm' AND schemaname = current_schema"))
                        .as("with pg_trgm").isEqualTo(sql.count("SELECT COUNT(*) FROM pg_extension"
                                + " WHERE extname = 'pg_trgm'"));
            }
        }
    }

    private static void insertCustomer(TableQueries sql, String id) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        sql.execute("INSERT INTO core_customer (id, kind, name, name_key, stage, created_at, created_by, updated_at,"
                + " updated_by, version) VALUES (?, 'COMPANY', ?, ?, 'PROSPECT', ?, 'ada', ?, 'ada', 1)",
                id, id, id, now, now);
    }

    private static void insertContact(TableQueries sql, String id, String customerId, String nameKey,
                                      boolean deleted) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        sql.execute("INSERT INTO core_contact (id, customer_id, first_name, name_key, is_primary, do_not_contact,"
                + " marketing_opt_out, created_at, created_by, updated_at, updated_by, deleted_at, version)"
                + " VALUES (?, ?, 'Someone', ?, FALSE, FALSE, FALSE, ?, 'ada', ?, 'ada', ?, 1)",
                id, customerId, nameKey, now, now, deleted ? now : null);
    }
}
