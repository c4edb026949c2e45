package io.relata.core.notifications;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.relata.api.event.DomainEvent;
import io.relata.api.event.DomainEvents;
import io.relata.api.notification.NotificationRequest;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;
import io.relata.testing.Changelogs;
import io.relata.testing.MutableClock;
import io.relata.testing.SingleConnectionDataSource;
import io.relata.testing.TableQueries;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/**
 * A real database with the notifications' changelog applied, on which tests build {@link JdbcNotifications},
 * with a clock the test moves, two known users ({@link #ADA}, {@link #BOB}), an event bus that records what is
 * published, and a look at the table directly. JUnit closes it after the test.
 */
final class NotificationsFixture implements AutoCloseable {

    /** Where the tests' clocks start: finer than a database keeps, to see the store cut it to microseconds. */
    static final Instant START = Instant.parse("2026-03-01T08:00:00.123456789Z");
    static final String ADA = "2f0d6a57-8c7e-4a43-9d55-000000000ada";
    static final String BOB = "2f0d6a57-8c7e-4a43-9d55-000000000b0b";

    private final TestDatabase database;
    private final Connection connection;
    private final List<Connection> more = new ArrayList<>();
    /** The fixture's one connection, see {@link SingleConnectionDataSource}; see {@link #inTransaction}. */
    final DataSource dataSource;
    final TableQueries tables;
    final MutableClock clock = new MutableClock(START);
    final KnownUsers users = new KnownUsers(ADA, BOB);
    final RecordingEvents events = new RecordingEvents();
    final JdbcNotifications notifications;

    private NotificationsFixture(TestDatabase database) {
        this.database = database;
        try {
            this.connection = database.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database, e);
        }
        this.dataSource = new SingleConnectionDataSource(connection);
        this.tables = new TableQueries(connection);
        this.notifications = new JdbcNotifications(dataSource, users, events, clock);
    }

    /** Fresh, migrated databases for {@link OnEveryDatabase}; PostgreSQL is looked for once H2 is done. */
    static Stream<NotificationsFixture> databases() {
        return TestDatabases.h2ThenPostgres()
                .map(database -> Changelogs.apply(new NotificationsSchema(), database))
                .map(NotificationsFixture::new);
    }

    /** A request for the user with that key, every field filled in. */
    static NotificationRequest request(String userId, String key) {
        return new NotificationRequest(userId, "activity.reminder", key, "Call Acme", "Due today at 10:00",
                "activity", "a-1", Map.of("subject", "Call Acme", "due", "2026-03-01T10:00:00Z"));
    }

    /** The notifications as another server of the cluster would use them: a new connection per call. */
    JdbcNotifications pooled() {
        return new JdbcNotifications(database.dataSource(), users, events, clock);
    }

    /** The notifications on a connection of the test's own, which it may use in a transaction. */
    JdbcNotifications on(Connection own) {
        return new JdbcNotifications(new SingleConnectionDataSource(own), users, events, clock);
    }

    /** Another connection to the same database, closed with the fixture. */
    Connection connect() throws SQLException {
        Connection another = database.connect();
        more.add(another);
        return another;
    }

    /**
     * Runs the work in a transaction of the fixture's connection, which then commits or rolls back; events are held
     * until it commits, as the platform's event bus does.
     */
    void inTransaction(boolean commit, Runnable work) throws SQLException {
        connection.setAutoCommit(false);
        events.begin();
        try {
            work.run();
        } finally {
            if (commit) {
                connection.commit();
                events.commit();
            } else {
                connection.rollback();
                events.rollback();
            }
            connection.setAutoCommit(true);
        }
    }

    long count(String where, Object... parameters) {
        return tables.count("SELECT COUNT(*) FROM core_notification WHERE " + where, parameters);
    }

    boolean isPostgres() {
        return database.kind().equals("PostgreSQL");
    }

    @Override
    public void close() throws SQLException {
        for (Connection another : more) {
            another.close();
        }
        connection.close();
    }

    @Override
    public String toString() {
        return database.kind();
    }

    /** The users the security module knows. */
    static final class KnownUsers implements Users {

        private final Set<String> ids;

        KnownUsers(String... ids) {
            this.ids = Set.of(ids);
        }

        @Override
        public Optional<UserSummary> byId(String id) {
            return ids.contains(id) ? Optional.of(new UserSummary(id, "name-" + id, "Name " + id, null, true))
                    : Optional.empty();
        }

        @Override
        public Optional<UserSummary> byUsername(String username) {
            throw new UnsupportedOperationException("the notifications look users up by id");
        }

        @Override
        public List<UserSummary> teamMembers(String teamId) {
            throw new UnsupportedOperationException("the notifications look users up by id");
        }
    }

    /** Records what is published; inside {@link #inTransaction} only once that commits, as the real bus does. */
    static final class RecordingEvents implements DomainEvents {

        final List<DomainEvent> published = Collections.synchronizedList(new ArrayList<>());
        private List<DomainEvent> held;

        @Override
        public void publish(DomainEvent event) {
            if (held != null) {
                held.add(event);
            } else {
                published.add(event);
            }
        }

        void begin() {
            held = new ArrayList<>();
        }

        void commit() {
            published.addAll(held);
            held = null;
        }

        void rollback() {
            held = null;
        }
    }
}
