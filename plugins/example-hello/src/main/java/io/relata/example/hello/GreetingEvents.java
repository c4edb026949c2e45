package io.relata.example.hello;

import java.time.Instant;

import io.relata.api.event.DomainEvent;

/** The facts this plugin publishes. Records, so listeners get typed, immutable values. */
final class GreetingEvents {

    private GreetingEvents() {
    }

    /** What every greeting event tells. */
    public sealed interface GreetingEvent extends DomainEvent permits Created, Changed, Deleted, Restored {
        String greetingId();

        String name();
    }

    public record Created(String greetingId, String name, Instant occurredAt) implements GreetingEvent {
        public static final String TOPIC = "hello.greeting.created";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    public record Changed(String greetingId, String name, Instant occurredAt) implements GreetingEvent {
        public static final String TOPIC = "hello.greeting.changed";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    public record Deleted(String greetingId, String name, Instant occurredAt) implements GreetingEvent {
        public static final String TOPIC = "hello.greeting.deleted";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** Back from the recycle bin. */
    public record Restored(String greetingId, String name, Instant occurredAt) implements GreetingEvent {
        public static final String TOPIC = "hello.greeting.restored";

        @Override
        public String topic() {
            return TOPIC;
        }
    }
}
