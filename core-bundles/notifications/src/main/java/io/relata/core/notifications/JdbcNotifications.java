package io.relata.core.notifications;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relata.api.event.DomainEvents;
import io.relata.api.notification.Notification;
import io.relata.api.notification.NotificationRaised;
import io.relata.api.notification.NotificationRequest;
import io.relata.api.notification.Notifications;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.TransactionFailedException;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.Users;

/**
 * The {@code core_notification} table. Writes go through the platform's XA-enlisting pool, so a notification is
 * part of the raiser's transaction: work that marks something as notified and the notification itself commit or
 * vanish together, and {@link NotificationRaised} is published only once they committed.
 *
 * <p>Raising is idempotent per recipient and key without ever running a statement that fails in the common case:
 * on PostgreSQL a failed statement would abort the caller's whole transaction. PostgreSQL inserts with
 * {@code ON CONFLICT DO NOTHING}; other databases (H2) insert only where no row has the key, and should a
 * concurrent transaction have inserted the same key meanwhile, the unique violation that follows is caught:
 * they roll back only the failed statement.
 */
@Component(service = {Notifications.class, JdbcNotifications.class})
public class JdbcNotifications implements Notifications {

    /** Lower case and dotted, like event topics: {@code activity.reminder}. */
    static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    // the column widths of core-notifications-changelog.xml
    static final int USER_ID_LENGTH = 36;
    static final int KIND_LENGTH = 100;
    static final int KEY_LENGTH = 200;
    static final int TITLE_LENGTH = 200;
    static final int BODY_LENGTH = 2000;
    static final int RECORD_TYPE_LENGTH = 100;
    static final int RECORD_ID_LENGTH = 64;
    static final int PARAMS_LENGTH = 4000;
    static final int PARAM_NAME_LENGTH = 100;

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, user_id, kind, title, body, record_type, record_id, params,"
            + " created_at, read_at";
    private static final String INSERTED = "id, user_id, kind, dedupe_key, title, body, record_type, record_id,"
            + " params, created_at";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> PARAMS = new TypeReference<>() {
    };

    /** How a database is told to skip a duplicate key. */
    enum Dialect {
        /** {@code INSERT ... ON CONFLICT (user_id, dedupe_key) DO NOTHING}: never fails on the key. */
        POSTGRESQL("INSERT INTO core_notification (" + INSERTED + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (user_id, dedupe_key) DO NOTHING"),
        /**
         * Inserts only where no committed row has the key; a concurrent insert of the same key makes the statement
         * wait for the other transaction and then fail, which H2 rolls back alone.
         */
        OTHER("INSERT INTO core_notification (" + INSERTED + ") SELECT CAST(? AS VARCHAR(36)),"
                + " CAST(? AS VARCHAR(36)), CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(200)),"
                + " CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(2000)), CAST(? AS VARCHAR(100)),"
                + " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(4000)), CAST(? AS TIMESTAMP WITH TIME ZONE)"
                + " WHERE NOT EXISTS (SELECT 1 FROM core_notification WHERE user_id = ? AND dedupe_key = ?)");

        final String insert;

        Dialect(String insert) {
            this.insert = insert;
        }

        static Dialect of(Connection connection) throws SQLException {
            String product = connection.getMetaData().getDatabaseProductName();
            return product != null && product.toLowerCase(Locale.ROOT).contains("postgres") ? POSTGRESQL : OTHER;
        }
    }

    private final DataSource dataSource;
    private final Users users;
    private final DomainEvents events;
    private final Clock clock;
    /** Found on the first raise: the data source, and so the database, is fixed for the component's life. */
    private volatile Dialect dialect;

    @Activate
    public JdbcNotifications(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                             @Reference(target = NotificationsSchema.READY) SchemaStatus schema,
                             @Reference Users users, @Reference DomainEvents events) {
        this(dataSource, users, events, Clock.systemUTC());
    }

    /** For tests, which choose the users and the time and see what is published. */
    JdbcNotifications(DataSource dataSource, Users users, DomainEvents events, Clock clock) {
        this.dataSource = dataSource;
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Optional<Notification> raise(NotificationRequest request) {
        if (request == null) {
            throw Problem.validation("request", "is required").toException();
        }
        String params = validate(request);
        // PostgreSQL keeps microseconds: what is read back has to equal what the cursor was made of
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String id = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            if (!insert(connection, id, request, params, createdAt)) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new TransactionFailedException("could not raise notification " + request.key() + " for user "
                    + request.userId(), e);
        }
        Notification raised = new Notification(id, request.userId(), request.kind(), request.title(), request.body(),
                request.recordType(), request.recordId(), request.params(), createdAt, null);
        // the bus holds it back until the raiser's transaction commits, and drops it on a rollback
        events.publish(new NotificationRaised(id, request.userId(), request.kind(), request.recordType(),
                request.recordId(), createdAt));
        return Optional.of(raised);
    }

    /** @return whether the row was inserted; {@code false} when the user has a notification with the key */
    private boolean insert(Connection connection, String id, NotificationRequest request, String params,
                           Instant createdAt) throws SQLException {
        Dialect chosen = dialect;
        if (chosen == null) {
            chosen = Dialect.of(connection);
            dialect = chosen;
        }
        try (PreparedStatement insert = connection.prepareStatement(chosen.insert)) {
            insert.setString(1, id);
            insert.setString(2, request.userId());
            insert.setString(3, request.kind());
            insert.setString(4, request.key());
            insert.setString(5, request.title());
            insert.setString(6, request.body());
            insert.setString(7, request.recordType());
            insert.setString(8, request.recordId());
            insert.setString(9, params);
            insert.setObject(10, createdAt.atOffset(ZoneOffset.UTC));
            if (chosen == Dialect.OTHER) {
                insert.setString(11, request.userId());
                insert.setString(12, request.key());
            }
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (chosen == Dialect.OTHER && UNIQUE_VIOLATION.equals(e.getSQLState())
                    && exists(connection, request.userId(), request.key())) {
                // a concurrent raise of the same key committed first
                return false;
            }
            throw e;
        }
    }

    private static boolean exists(Connection connection, String userId, String key) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM core_notification WHERE user_id = ? AND dedupe_key = ?")) {
            query.setString(1, userId);
            query.setString(2, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * @return the params as JSON, {@code null} when there are none
     * @throws ProblemException 400 naming every field that is not valid
     */
    private String validate(NotificationRequest request) {
        List<FieldError> errors = new ArrayList<>();
        text(errors, "kind", request.kind(), KIND_LENGTH, true);
        if (!request.kind().isBlank() && request.kind().length() <= KIND_LENGTH
                && !KIND.matcher(request.kind()).matches()) {
            errors.add(new FieldError("kind", "must be lower case and dotted, e.g. activity.reminder"));
        }
        text(errors, "key", request.key(), KEY_LENGTH, true);
        text(errors, "title", request.title(), TITLE_LENGTH, true);
        text(errors, "body", request.body(), BODY_LENGTH, false);
        text(errors, "recordType", request.recordType(), RECORD_TYPE_LENGTH, false);
        text(errors, "recordId", request.recordId(), RECORD_ID_LENGTH, false);
        if ((request.recordType() == null) != (request.recordId() == null)) {
            errors.add(new FieldError(request.recordType() == null ? "recordType" : "recordId",
                    "is required when " + (request.recordType() == null ? "recordId" : "recordType") + " is given"));
        }
        String params = null;
        for (String name : request.params().keySet()) {
            if (name.isBlank() || name.length() > PARAM_NAME_LENGTH) {
                errors.add(new FieldError("params", "names must be 1 to " + PARAM_NAME_LENGTH + " characters long"));
                break;
            }
        }
        if (!request.params().isEmpty()) {
            params = toJson(request.params());
            if (params.length() > PARAMS_LENGTH) {
                errors.add(new FieldError("params", "must be at most " + PARAMS_LENGTH + " characters as JSON"));
            }
        }
        if (request.userId().isBlank()) {
            errors.add(new FieldError("userId", "is required"));
        } else if (request.userId().length() > USER_ID_LENGTH || users.byId(request.userId()).isEmpty()) {
            errors.add(new FieldError("userId", "is not a known user"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return params;
    }

    private static void text(List<FieldError> errors, String field, String value, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (value.isBlank()) {
            errors.add(new FieldError(field, required ? "is required" : "must not be blank; leave it out instead"));
        } else if (value.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters long"));
        }
    }

    /** The user's notifications, newest first; the cursor is the last one's time and id. */
    Page<Notification> list(String userId, boolean unreadOnly, PageRequest page) {
        OffsetDateTime afterTime = page.cursor() == null ? null : cursorTime(page.cursor());
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM core_notification WHERE user_id = ?");
        if (unreadOnly) {
            sql.append(" AND read_at IS NULL");
        }
        if (afterTime != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        }
        sql.append(" ORDER BY created_at DESC, id DESC");
        List<Notification> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql.toString())) {
            query.setMaxRows(page.limit() + 1);
            query.setString(1, userId);
            if (afterTime != null) {
                query.setObject(2, afterTime);
                query.setObject(3, afterTime);
                query.setString(4, page.cursor().key(1));
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(notification(rows));
                }
            }
        } catch (SQLException e) {
            throw new TransactionFailedException("could not read the notifications of user " + userId, e);
        }
        if (found.size() <= page.limit()) {
            return Page.last(found);
        }
        List<Notification> items = found.subList(0, page.limit());
        Notification last = items.get(items.size() - 1);
        return new Page<>(items, Cursor.of(last.createdAt().toString(), last.id()).encode());
    }

    /** @return the user's notification, read or not */
    Optional<Notification> find(String userId, String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM core_notification WHERE id = ? AND user_id = ?")) {
            query.setString(1, id);
            query.setString(2, userId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(notification(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new TransactionFailedException("could not read notification " + id, e);
        }
    }

    long unreadCount(String userId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT COUNT(*) FROM core_notification WHERE user_id = ? AND read_at IS NULL")) {
            query.setString(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new TransactionFailedException("could not count the unread notifications of user " + userId, e);
        }
    }

    /**
     * Marks the user's notification read; one read before keeps the time it was first read.
     *
     * @return whether the user has that notification
     */
    boolean markRead(String userId, String id) {
        return update("UPDATE core_notification SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?",
                now(), id, userId) == 1;
    }

    /** @return how many unread notifications of the user are now read */
    int markAllRead(String userId) {
        return update("UPDATE core_notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                now(), userId);
    }

    /** @return whether the user had that notification */
    boolean delete(String userId, String id) {
        return update("DELETE FROM core_notification WHERE id = ? AND user_id = ?", id, userId) == 1;
    }

    /**
     * Deletes read notifications raised before the first time and every notification raised before the second.
     *
     * @return how many were deleted
     */
    int purge(Instant readRaisedBefore, Instant raisedBefore) {
        return update("DELETE FROM core_notification WHERE (read_at IS NOT NULL AND created_at < ?)"
                + " OR created_at < ?", readRaisedBefore.atOffset(ZoneOffset.UTC),
                raisedBefore.atOffset(ZoneOffset.UTC));
    }

    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new TransactionFailedException("could not change notifications: " + sql, e);
        }
    }

    private static Notification notification(ResultSet rows) throws SQLException {
        OffsetDateTime readAt = rows.getObject(10, OffsetDateTime.class);
        return new Notification(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getString(6), rows.getString(7), fromJson(rows.getString(8)),
                rows.getObject(9, OffsetDateTime.class).toInstant(), readAt == null ? null : readAt.toInstant());
    }

    private static OffsetDateTime cursorTime(Cursor cursor) {
        try {
            if (cursor.keys().size() != 2) {
                throw new IllegalArgumentException("two keys expected");
            }
            return Instant.parse(cursor.key(0)).atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw Problem.validation("cursor", "is not a cursor of this list").toException();
        }
    }

    private static String toJson(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(params));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    private static Map<String, String> fromJson(String params) {
        if (params == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(params, PARAMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("core_notification.params is not a JSON object of strings: " + params, e);
        }
    }
}
