package io.relata.core.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.event.DomainEvent;
import io.relata.api.event.DomainEventListener;
import io.relata.api.event.DomainEvents;
import io.relata.api.persistence.Transactions;

/**
 * Holds published events until their transaction commits, then hands them to matching listeners on one
 * delivery thread, so every listener sees events in publication order and a slow or failing listener can
 * never roll back or delay the publisher.
 */
@Component(service = DomainEvents.class)
public class DomainEventBus implements DomainEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DomainEventBus.class);

    private final Map<DomainEventListener, TopicPatterns> listeners = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relata-event-delivery");
        thread.setDaemon(true);
        return thread;
    });
    private final Transactions transactions;

    @Activate
    public DomainEventBus(@Reference Transactions transactions) {
        this.transactions = transactions;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(DomainEventListener listener, Map<String, Object> properties) {
        TopicPatterns patterns = TopicPatterns.from(properties.get(DomainEventListener.TOPICS));
        if (patterns.isEmpty()) {
            LOG.warn("Event listener {} has no {} property and will receive nothing", listener.getClass().getName(),
                    DomainEventListener.TOPICS);
        }
        listeners.put(listener, patterns);
    }

    void removeListener(DomainEventListener listener) {
        listeners.remove(listener);
    }

    void updatedListener(DomainEventListener listener, Map<String, Object> properties) {
        addListener(listener, properties);
    }

    @Override
    public void publish(DomainEvent event) {
        if (event == null || event.topic() == null || !TopicPatterns.TOPIC.matcher(event.topic()).matches()) {
            throw new IllegalArgumentException("an event needs a dotted lower-case topic such as 'customer.created', got: "
                    + (event == null ? null : event.topic()));
        }
        transactions.afterCommit(() -> enqueue(event));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        delivery.shutdown();
        if (!delivery.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("Dropping {} undelivered domain events at shutdown", delivery.shutdownNow().size());
        }
    }

    private void enqueue(DomainEvent event) {
        try {
            delivery.execute(() -> deliver(event));
        } catch (RejectedExecutionException stopping) {
            LOG.warn("Event bus is stopping; event {} not delivered", event.topic());
        }
    }

    private void deliver(DomainEvent event) {
        listeners.forEach((listener, patterns) -> {
            if (patterns.matches(event.topic())) {
                try {
                    listener.onEvent(event);
                } catch (Exception | LinkageError e) {
                    LOG.error("Event listener {} failed on {}", listener.getClass().getName(), event.topic(), e);
                }
            }
        });
    }
}
