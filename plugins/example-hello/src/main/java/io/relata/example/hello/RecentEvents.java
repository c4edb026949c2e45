package io.relata.example.hello;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.relata.api.event.DomainEvent;
import io.relata.api.event.DomainEventListener;
import io.relata.api.event.EventTopics;

/** Listens to the plugin's own greeting events and keeps the last hundred. */
@Component(service = {DomainEventListener.class, RecentEvents.class})
@EventTopics("hello.*")
public class RecentEvents implements DomainEventListener {

    private static final int KEEP = 100;

    /** One received event. */
    public record Received(String topic, String greetingId, String name, Instant occurredAt) {
    }

    private final Deque<Received> received = new ArrayDeque<>();

    @Override
    public void onEvent(DomainEvent event) {
        Received entry = event instanceof GreetingEvents.GreetingEvent greeting
                ? new Received(event.topic(), greeting.greetingId(), greeting.name(), event.occurredAt())
                : new Received(event.topic(), null, null, event.occurredAt());
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
