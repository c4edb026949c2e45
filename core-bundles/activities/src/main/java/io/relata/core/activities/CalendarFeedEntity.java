package io.relata.core.activities;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A user's calendar feed: the SHA-256 of its secret token, never the token. One per user. */
@Entity
@Cacheable(false) // any node may rotate or revoke a token: read what the database holds
@Table(name = "core_activity_calendar_feed")
public class CalendarFeedEntity {

    @Id
    @Column(name = "user_id", length = 36)
    private String userId;

    @Column(name = "token_hash", nullable = false, length = 64)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "last_used_at")
    private OffsetDateTime lastUsedAt;

    protected CalendarFeedEntity() {
    }

    CalendarFeedEntity(String userId, String tokenHash, Instant now) {
        this.userId = userId;
        rotate(tokenHash, now);
    }

    void rotate(String newHash, Instant now) {
        tokenHash = newHash;
        createdAt = now.atOffset(ZoneOffset.UTC);
        lastUsedAt = null;
    }

    void used(Instant now) {
        lastUsedAt = now.atOffset(ZoneOffset.UTC);
    }

    String userId() {
        return userId;
    }

    String tokenHash() {
        return tokenHash;
    }

    Instant createdAt() {
        return createdAt.toInstant();
    }

    Instant lastUsedAt() {
        return lastUsedAt == null ? null : lastUsedAt.toInstant();
    }
}
