package io.relata.example.hello;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

/**
 * A greeting: the plugin's one record. JPA entities stay inside the plugin; REST and events see values.
 *
 * <p>Times are {@link OffsetDateTime} in UTC in the entity (JPA 2.2 maps it to {@code timestamp with time
 * zone} on H2 and PostgreSQL alike) and {@link Instant} everywhere else.
 */
@Entity
@Table(name = "hello_greeting")
public class Greeting {

    @Id
    private String id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "live_name", length = 100)
    private String liveName;

    @Column(nullable = false, length = 500)
    private String message;

    @Column(name = "owner_id", length = 36)
    private String ownerId;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Column(name = "deleted_at")
    private OffsetDateTime deletedAt;

    @Version
    private long version;

    protected Greeting() {
    }

    Greeting(String id, String name, String message, String ownerId, Instant now) {
        this.id = id;
        this.ownerId = ownerId;
        this.createdAt = utc(now);
        change(name, message, now);
    }

    void change(String newName, String newMessage, Instant now) {
        this.name = newName;
        this.liveName = newName.toLowerCase(Locale.ROOT);
        this.message = newMessage;
        this.updatedAt = utc(now);
    }

    void delete(Instant now) {
        this.deletedAt = utc(now);
        this.liveName = null;
        this.updatedAt = utc(now);
    }

    /** Back from the recycle bin: the name counts as taken again, so a live namesake makes the flush fail. */
    void restore(Instant now) {
        this.deletedAt = null;
        this.liveName = name.toLowerCase(Locale.ROOT);
        this.updatedAt = utc(now);
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String message() {
        return message;
    }

    String ownerId() {
        return ownerId;
    }

    Instant createdAt() {
        return createdAt.toInstant();
    }

    Instant updatedAt() {
        return updatedAt.toInstant();
    }

    boolean deleted() {
        return deletedAt != null;
    }

    long version() {
        return version;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
