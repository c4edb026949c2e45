package io.relata.example.hello;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.relata.api.customer.CustomerEvent;
import io.relata.api.event.DomainEvent;
import io.relata.api.event.DomainEventListener;
import io.relata.api.event.EventTopics;

/**
 * Listens to the plugin's own greeting events, and to core's customer events to show how a plugin follows
 * records it does not own, and keeps the last hundred.
 */
@Component(service = {DomainEventListener.class, RecentEvents.class})
@EventTopics({"hello.*", "customer.*"})
public class RecentEvents implements DomainEventListener {

    private static final int KEEP = 100;

    /** One received event. */
    public record Received(String topic, String greetingId, String name, String customerId, Instant occurredAt) {
    }

    private final Deque<Received> received = new ArrayDeque<>();

    @Override
    public void onEvent(DomainEvent event) {
        Received entry;
        if (event instanceof GreetingEvents.GreetingEvent greeting) {
            entry = new Received(event.topic(), greeting.greetingId(), greeting.name(), null, event.occurredAt());
        } else if (event instanceof CustomerEvent customer) {
            entry = new Received(event.topic(), null, null, customer.customerId(), event.occurredAt());
        } else {
            entry = new Received(event.topic(), null, null, null, event.occurredAt());
        }
        synchronized (received) {
            received.addFirst(entry);
            while (received.size() > KEEP) {
                received.removeLast();
            }
        }
    }

    List<Received> newestFirst() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }
}
