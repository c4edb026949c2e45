package io.relata.api.event;

import org.osgi.annotation.versioning.ProviderType;

/** Publishes domain events to every interested {@link DomainEventListener}. */
@ProviderType
public interface DomainEvents {

    /**
     * Publishes an event. Inside a transaction the event is held back until the transaction commits and dropped
     * if it rolls back; outside of one it is delivered at once. Delivery is asynchronous either way.
     *
     * @throws IllegalArgumentException if the event has no valid topic
     */
    void publish(DomainEvent event);
}
