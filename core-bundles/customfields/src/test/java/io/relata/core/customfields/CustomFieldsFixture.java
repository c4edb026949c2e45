package io.relata.core.customfields;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.persistence.SchemaStatus;
import io.relata.testing.Changelogs;
import io.relata.testing.DirectTransactions;
import io.relata.testing.SchemaStatuses;
import io.relata.testing.SingleConnectionDataSource;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * The custom field service on a real database with the bundle's schema applied, as it starts in OSGi, with a
 * {@link RecordVisibility} for {@value #CONTACT} records that lets the user see the ids in {@link #visibleContacts}.
 * JUnit closes the fixture after the test.
 */
final class CustomFieldsFixture implements AutoCloseable {

    /** The record type the tests' reference fields point to. */
    static final String CONTACT = "contact";

    /** What the service waits for in OSGi. */
    static final SchemaStatus MIGRATED = SchemaStatuses.migrated(CustomFieldsSchema.NAME);

    private final TestDatabase database;
    private final Connection connection;
    /** What the code under test gets: the fixture's one connection, see {@link SingleConnectionDataSource}. */
    final DataSource dataSource;
    private final TableQueries tables;
    final HandTransactions transactions = new HandTransactions();
    final JdbcCustomFields fields;
    /** The {@value #CONTACT} ids the current user may see. */
    final Set<String> visibleContacts = new HashSet<>();
    final RecordVisibility contactVisibility = visibleContacts::contains;

    private CustomFieldsFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = new SingleConnectionDataSource(connection);
        this.tables = new TableQueries(connection);
        this.fields = start();
        fields.addVisibility(contactVisibility, Map.of(RecordVisibility.RECORD_TYPE, CONTACT));
    }

    /**
     * Fresh, migrated databases for {@link OnEveryDatabase}, each in a fixture that JUnit closes after the test
     * (it closes {@link AutoCloseable} arguments). PostgreSQL is only looked for once the H2 run is done.
     */
    static Stream<CustomFieldsFixture> databases() {
        return TestDatabases.h2ThenPostgres()
                .map(database -> Changelogs.apply(new CustomFieldsSchema(), database))
                .map(CustomFieldsFixture::new);
    }

    /** Starts the component (again) as OSGi would, without visibility services. */
    JdbcCustomFields start() {
        return new JdbcCustomFields(dataSource, MIGRATED, transactions, transactions);
    }

    /** Creates the field as an administrator would. */
    CustomFieldDefinition create(FieldSpec spec) {
        return fields.create(spec.toFields());
    }

    long count(String sql, Object... parameters) {
        return tables.count(sql, parameters);
    }

    /** A write behind the service's back, as another node or an administrator's SQL would make it. */
    void execute(String sql, Object... parameters) {
        tables.execute(sql, parameters);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    @Override
    public String toString() {
        return database.kind();
    }
}
