package io.relata.example.hello;

import java.time.Instant;
import java.util.Locale;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

/** A greeting: the plugin's one record. JPA entities stay inside the plugin; REST and events see values. */
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

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Version
    private long version;

    protected Greeting() {
    }

    Greeting(String id, String name, String message, Instant now) {
        this.id = id;
        this.createdAt = now;
        change(name, message, now);
    }

    void change(String newName, String newMessage, Instant now) {
        this.name = newName;
        this.liveName = newName.toLowerCase(Locale.ROOT);
        this.message = newMessage;
        this.updatedAt = now;
    }

    void delete(Instant now) {
        this.deletedAt = now;
        this.liveName = null;
        this.updatedAt = now;
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

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    boolean deleted() {
        return deletedAt != null;
    }

    long version() {
        return version;
    }
}
