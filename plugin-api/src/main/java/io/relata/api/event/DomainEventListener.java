package io.relata.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives domain events whose topic matches one of the patterns in the {@value #TOPICS} service property
 * (see {@link EventTopics}). A pattern is a topic, a prefix ending in {@code .*} ({@code customer.*}), or
 * {@code *} for every topic.
 *
 * <p>Events arrive on a core delivery thread, after the publishing transaction committed, in the order they
 * were published. A listener that throws is logged and skipped; the others still receive the event.
 * Work that must not be lost should be recorded by the listener in its own transaction.
 */
@ConsumerType
public interface DomainEventListener {

    /** Service property holding the topic patterns this listener wants. */
    String TOPICS = "relata.event.topics";

    void onEvent(DomainEvent event) throws Exception;
}
