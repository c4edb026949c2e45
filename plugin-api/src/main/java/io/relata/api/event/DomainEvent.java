package io.relata.api.event;

import java.time.Instant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A fact that happened in a module, published after the transaction that caused it committed.
 *
 * <p>Events are immutable values, typically records, addressed by a dotted topic whose first segment is the
 * publishing module's record type, for example {@code customer.created} or {@code hello.greeting.created}.
 * Listeners receive the very object that was published, so they can match on its type.
 *
 * <pre>{@code
 * public record GreetingCreated(String greetingId, String name, Instant occurredAt) implements DomainEvent {
 *     public static final String TOPIC = "hello.greeting.created";
 *     public String topic() { return TOPIC; }
 * }
 * }</pre>
 */
@ConsumerType
public interface DomainEvent {

    /** @return dotted topic, lower case, e.g. {@code customer.created}. */
    String topic();

    /** @return when the fact happened (UTC). */
    Instant occurredAt();
}
