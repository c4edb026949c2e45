package io.relata.core.security;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;

/** The security audit trail ({@code core_security_event}): logins, tokens, role changes, denials. */
final class SecurityAudit {

    /** What happened. */
    enum Type {
        LOGIN, LOGOUT, TOKEN_CREATED, TOKEN_REVOKED, TOKEN_REJECTED, PERMISSION_DENIED, USER_CREATED, USER_CHANGED,
        USER_DISABLED, USER_ENABLED, PASSWORD_CHANGED, ROLE_CREATED, ROLE_CHANGED, ROLE_DELETED, ROLES_ASSIGNED,
        TEAM_CHANGED, CONSOLE_LOGIN, USER_UNLOCKED
    }

    /** One recorded event. */
    record Event(String id, Instant occurredAt, Type type, String outcome, String username, String userId,
                 String source, String detail) {
    }

    private static final Logger LOG = LoggerFactory.getLogger("io.relata.security.audit");

    private final Sql sql;
    private final Clock clock;

    SecurityAudit(DataSource dataSource, Clock clock) {
        this.sql = new Sql(dataSource);
        this.clock = clock;
    }

    void record(Type type, boolean success, String username, String userId, String source, String detail) {
        String outcome = success ? "SUCCESS" : "FAILURE";
        String clipped = detail == null ? null : detail.length() > 1000 ? detail.substring(0, 999) + "…" : detail;
        LOG.info("{} {} user={} source={} {}", type, outcome, username, source, clipped == null ? "" : clipped);
        sql.update("INSERT INTO core_security_event (id, occurred_at, type, outcome, username, user_id, source, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), clock.instant(),
                type.name(), outcome, clip(username, 64), userId, clip(source, 100), clipped);
    }

    /** Newest first, optionally of one type and/or one username. */
    Page<Event> list(String type, String username, PageRequest page) {
        return list(type, username, null, null, page);
    }

    /** Newest first, optionally of one type, one username, from an instant on and/or before an instant. */
    Page<Event> list(String type, String username, Instant from, Instant to, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (from != null) {
            where.append(" AND occurred_at >= ?");
            parameters.add(from);
        }
        if (to != null) {
            where.append(" AND occurred_at < ?");
            parameters.add(to);
        }
        if (type != null && !type.isBlank()) {
            try {
                parameters.add(Type.valueOf(type.trim()).name());
            } catch (IllegalArgumentException e) {
                throw Problem.validation("type", "is not an event type").toException();
            }
            where.append(" AND type = ?");
        }
        if (username != null && !username.isBlank()) {
            where.append(" AND username = ?");
            parameters.add(username.trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (page.cursor() != null) {
            Instant at;
            try {
                at = Instant.parse(page.cursor().key(0));
            } catch (RuntimeException e) {
                throw Problem.validation("cursor", "is not a cursor of this list").toException();
            }
            where.append(" AND (occurred_at < ? OR (occurred_at = ? AND id < ?))");
            parameters.add(at);
            parameters.add(at);
            parameters.add(page.cursor().key(1));
        }
        List<Event> events = sql.list("SELECT id, occurred_at, type, outcome, username, user_id, source, detail"
                        + " FROM core_security_event" + where + " ORDER BY occurred_at DESC, id DESC"
                        + " FETCH FIRST " + (page.limit() + 1) + " ROWS ONLY",
                row -> new Event(row.getString(1), Sql.instant(row, "occurred_at"), Type.valueOf(row.getString(3)),
                        row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8)),
                parameters.toArray());
        if (events.size() <= page.limit()) {
            return Page.last(events);
        }
        List<Event> items = events.subList(0, page.limit());
        Event last = items.get(items.size() - 1);
        return new Page<>(items, Cursor.of(last.occurredAt().toString(), last.id()).encode());
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
