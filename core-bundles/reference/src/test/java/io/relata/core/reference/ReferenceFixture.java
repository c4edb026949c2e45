package io.relata.core.reference;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.persistence.SchemaStatus;
import io.relata.testing.Changelogs;
import io.relata.testing.ConfigurationProxies;
import io.relata.testing.DirectTransactions;
import io.relata.testing.SchemaStatuses;
import io.relata.testing.SingleConnectionDataSource;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * The reference data services on a real database with the bundle's schema applied and seeded, as they start in
 * OSGi. Today is {@link #TODAY} for them. JUnit closes the fixture after the test.
 */
final class ReferenceFixture implements AutoCloseable {

    static final LocalDate TODAY = LocalDate.of(2024, 3, 15);

    /** What the services wait for in OSGi. */
    static final SchemaStatus MIGRATED = SchemaStatuses.migrated(ReferenceSchema.NAME);

    private final TestDatabase database;
    private final Connection connection;
    /** What the code under test gets: the fixture's one connection, see {@link SingleConnectionDataSource}. */
    final DataSource dataSource;
    private final TableQueries tables;
    final Clock clock = Clock.fixed(TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    final DirectTransactions transactions = new DirectTransactions();
    final JdbcCurrencies currencies;
    final JdbcExchangeRates rates;
    final JdbcSubsidiaries subsidiaries;
    final JdbcPicklists picklists;

    private ReferenceFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = new SingleConnectionDataSource(connection);
        this.tables = new TableQueries(connection);
        this.currencies = startCurrencies("USD");
        this.rates = new JdbcExchangeRates(dataSource, transactions, currencies, clock);
        this.subsidiaries = new JdbcSubsidiaries(dataSource, transactions, currencies, clock);
        this.picklists = startPicklists();
    }

    /**
     * Fresh, migrated databases for {@link OnEveryDatabase}, each in a fixture that JUnit closes after the test
     * (it closes {@link AutoCloseable} arguments). PostgreSQL is only looked for once the H2 run is done.
     */
    static Stream<ReferenceFixture> databases() {
        return TestDatabases.h2ThenPostgres()
                .map(database -> Changelogs.apply(new ReferenceSchema(), database))
                .map(ReferenceFixture::new);
    }

    /** Starts the currencies component (again) as OSGi would, configured with this base currency. */
    JdbcCurrencies startCurrencies(String configuredBase) {
        return new JdbcCurrencies(dataSource, MIGRATED, transactions, settings(configuredBase));
    }

    /** Starts the picklists component (again) as OSGi would. */
    JdbcPicklists startPicklists() {
        return new JdbcPicklists(dataSource, MIGRATED, transactions);
    }

    /** Settings as configuration admin hands them over. */
    static ReferenceSettings settings(String baseCurrency) {
        return ConfigurationProxies.of(ReferenceSettings.class, Map.of("base_currency", baseCurrency));
    }

    long count(String sql, Object... parameters) {
        return tables.count(sql, parameters);
    }

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
