package ${package};

import java.time.Instant;

import io.relata.api.event.DomainEvent;

/** Published when an item is created, delivered after the transaction commits. */
public record ItemCreated(String itemId, String name, Instant occurredAt) implements DomainEvent {

    public static final String TOPIC = "${moduleId}.item.created";

    @Override
    public String topic() {
        return TOPIC;
    }
}
