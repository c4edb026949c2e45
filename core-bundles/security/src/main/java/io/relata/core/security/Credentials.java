package io.relata.core.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

/** Browser sessions ({@code core_session}) and personal API tokens ({@code core_api_token}), stored hashed. */
final class Credentials {

    static final String SESSION_PREFIX = "rls_";
    static final String TOKEN_PREFIX = "rlt_";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A live session. */
    record Session(String tokenHash, String userId, String csrfToken, Instant createdAt, Instant lastSeenAt) {
    }

    /** A newly created session: the secret goes into the cookie and is never stored. */
    record NewSession(String token, String csrfToken) {
    }

    /** An API token as its owner sees it (never with the secret). */
    record Token(String id, String userId, String name, Instant createdAt, Instant expiresAt, Instant revokedAt,
                 Instant lastUsedAt) {
        boolean usable(Instant now) {
            return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    private final Sql sql;
    private final Clock clock;
    private final Runnable revoked;

    Credentials(DataSource dataSource, Clock clock) {
        this(dataSource, clock, () -> {
        });
    }

    /** @param revoked told after a token is revoked, before that commits (a remembered token is stale then) */
    Credentials(DataSource dataSource, Clock clock, Runnable revoked) {
        this.sql = new Sql(dataSource);
        this.clock = clock;
        this.revoked = revoked;
    }

    Instant now() {
        return clock.instant();
    }

    NewSession openSession(String userId, String source) {
        String token = Secrets.random(SESSION_PREFIX);
        String csrf = Secrets.random("");
        Instant now = clock.instant();
        sql.update("INSERT INTO core_session (token_hash, user_id, csrf_token, created_at, last_seen_at, source)"
                + " VALUES (?, ?, ?, ?, ?, ?)", Secrets.sha256(token), userId, csrf, now, now, source);
        return new NewSession(token, csrf);
    }

    /** @return the session if it exists and has neither idled out nor reached its absolute lifetime */
    Optional<Session> session(String token, Duration idle, Duration lifetime) {
        if (token == null || !token.startsWith(SESSION_PREFIX)) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(token);
        Instant now = clock.instant();
        Optional<Session> session = sql.one("SELECT token_hash, user_id, csrf_token, created_at, last_seen_at"
                        + " FROM core_session WHERE token_hash = ?",
                row -> new Session(row.getString(1), row.getString(2), row.getString(3), Sql.instant(row, "created_at"),
                        Sql.instant(row, "last_seen_at")), hash);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Session live = session.get();
        if (now.isAfter(live.lastSeenAt().plus(idle)) || now.isAfter(live.createdAt().plus(lifetime))) {
            closeSession(token);
            return Optional.empty();
        }
        if (now.isAfter(live.lastSeenAt().plus(TOUCH_EVERY))) {
            sql.update("UPDATE core_session SET last_seen_at = ? WHERE token_hash = ?", now, hash);
        }
        return session;
    }

    void closeSession(String token) {
        sql.update("DELETE FROM core_session WHERE token_hash = ?", Secrets.sha256(token));
    }

    void closeSessionsOf(String userId) {
        sql.update("DELETE FROM core_session WHERE user_id = ?", userId);
    }

    /** @return the new token's id and the secret, which is shown once */
    String[] createToken(String userId, String name, Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        String secret = Secrets.random(TOKEN_PREFIX);
        sql.update("INSERT INTO core_api_token (id, user_id, name, token_hash, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, userId, name, Secrets.sha256(secret), clock.instant(), expiresAt);
        return new String[] {id, secret};
    }

    /** @return the token behind a bearer secret, usable or not (the caller decides and audits) */
    Optional<Token> tokenBySecret(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return tokenByHash(Secrets.sha256(secret)).map(this::touched);
    }

    /** @return the token with this hash of its secret, as stored (not marked as used) */
    Optional<Token> tokenByHash(String hash) {
        return sql.one("SELECT " + TOKEN_COLUMNS + " FROM core_api_token WHERE token_hash = ?", Credentials::token,
                hash);
    }

    /** @return whether a use of the token now should be recorded: at most once a minute, and only if usable */
    boolean touchDue(Token token) {
        Instant now = clock.instant();
        return token.usable(now) && (token.lastUsedAt() == null || now.isAfter(token.lastUsedAt().plus(TOUCH_EVERY)));
    }

    /** Records a use of the token now, if one is due, and returns it as stored then. */
    Token touched(Token token) {
        if (!touchDue(token)) {
            return token;
        }
        Token used = withLastUse(token, clock.instant());
        touch(used);
        return used;
    }

    /** @return the token as it is once a use at {@code at} is recorded */
    static Token withLastUse(Token token, Instant at) {
        return new Token(token.id(), token.userId(), token.name(), token.createdAt(), token.expiresAt(),
                token.revokedAt(), at);
    }

    /** Writes the token's last use (not a change anything remembered depends on). */
    void touch(Token used) {
        sql.update("UPDATE core_api_token SET last_used_at = ? WHERE id = ?", used.lastUsedAt(), used.id());
    }

    List<Token> tokensOf(String userId) {
        return sql.list("SELECT " + TOKEN_COLUMNS + " FROM core_api_token WHERE user_id = ? ORDER BY created_at DESC",
                Credentials::token, userId);
    }

    /** @return whether a token of this user was revoked now */
    boolean revokeToken(String userId, String tokenId) {
        try {
            return sql.update("UPDATE core_api_token SET revoked_at = ? WHERE id = ? AND user_id = ?"
                    + " AND revoked_at IS NULL", clock.instant(), tokenId, userId) == 1;
        } finally {
            revoked.run();
        }
    }

    private static final String TOKEN_COLUMNS = "id, user_id, name, created_at, expires_at, revoked_at, last_used_at";

    private static Token token(java.sql.ResultSet row) throws java.sql.SQLException {
        return new Token(row.getString(1), row.getString(2), row.getString(3), Sql.instant(row, "created_at"),
                Sql.instant(row, "expires_at"), Sql.instant(row, "revoked_at"), Sql.instant(row, "last_used_at"));
    }
}
