package io.relata.core.customers.birthday;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.core.customers.contact.ContactEntity;
import io.relata.core.customers.customer.CustomersSchema;
import io.relata.testing.Changelogs;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * Change set 12 adds {@code core_contact.birthday_md} and fills it in for the contacts a database already has, and
 * {@code birthday_reminded_on}, empty.
 */
class BirthdayColumnMigrationTest {

    static Stream<TestDatabase> databases() {
        return TestDatabases.h2ThenPostgres();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void existingContactsGetTheirBirthdaysMonthAndDay(TestDatabase database) throws Exception {
        CustomersSchema schema = new CustomersSchema();
        Changelogs.applyWithOwnHistory("core_customers", schema, database);
        try (Connection connection = database.connect()) {
            TableQueries sql = new TableQueries(connection);
            // back to the schema before change set 12, with contacts written by that release
            sql.execute("DROP INDEX core_contact_birthday_md");
            sql.execute("ALTER TABLE core_contact DROP COLUMN birthday_md");
            sql.execute("ALTER TABLE core_contact DROP COLUMN birthday_reminded_on");
            sql.execute("DELETE FROM core_customers_changelog WHERE id = '12-contact-birthday-reminders'");
            insertContact(sql, "c1", LocalDate.of(1985, 5, 4));
            insertContact(sql, "c2", LocalDate.of(2000, 2, 29));
            insertContact(sql, "c3", LocalDate.of(1990, 12, 31));
            insertContact(sql, "c4", LocalDate.of(1970, 1, 1));
            insertContact(sql, "c5", null);
        }

        Changelogs.applyWithOwnHistory("core_customers", schema, database);

        try (Connection connection = database.connect()) {
            TableQueries sql = new TableQueries(connection);
            assertThat(sql.rows("SELECT id, birthday_md, birthday_reminded_on FROM core_contact ORDER BY id"))
                    .extracting(row -> row.get(0) + "=" + row.get(1) + "," + row.get(2))
                    .containsExactly("c1=504,null", "c2=229,null", "c3=1231,null", "c4=101,null", "c5=null,null");
            assertThat(sql.count("SELECT COUNT(*) FROM core_customers_changelog"
                    + " WHERE id = '12-contact-birthday-reminders'")).isEqualTo(1);
        }
        assertThat(List.of(LocalDate.of(1985, 5, 4), LocalDate.of(2000, 2, 29), LocalDate.of(1990, 12, 31)))
                .as("the entity computes it the same way")
                .extracting(ContactEntity::monthDay).containsExactly(504, 229, 1231);
    }

    private static void insertContact(TableQueries sql, String id, LocalDate birthday) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        sql.execute("INSERT INTO core_contact (id, customer_id, first_name, name_key, birthday, is_primary,"
                + " do_not_contact, marketing_opt_out, created_at, created_by, updated_at, updated_by, version)"
                + " VALUES (?, 'customer', 'Someone', 'someone', ?, FALSE, FALSE, FALSE, ?, 'ada', ?, 'ada', 1)",
                id, birthday, now, now);
    }
}
