package io.relata.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.relata.api.event.DomainEvent;
import io.relata.api.event.DomainEventListener;
import io.relata.api.persistence.Transactions;

class DomainEventBusTest {

    record Happened(String topic, Instant occurredAt, int sequence) implements DomainEvent {
    }

    /** Holds after-commit actions like a transaction would; the JTA hook itself is tested with Geronimo's manager. */
    private final List<Runnable> heldUntilCommit = new ArrayList<>();
    private boolean inTransaction;
    private final Transactions transactions = new Transactions() {
        @Override
        public <T> T required(Callable<T> work) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean active() {
            return inTransaction;
        }

        @Override
        public void afterCommit(Runnable action) {
            if (inTransaction) {
                heldUntilCommit.add(action);
            } else {
                action.run();
            }
        }
    };
    private final DomainEventBus bus = new DomainEventBus(transactions);

    @AfterEach
    void stop() throws InterruptedException {
        bus.deactivate();
    }

    @Test
    void deliversToMatchingListenersInPublicationOrder() throws Exception {
        Recorder customers = listen("customer.*");
        Recorder created = listen("customer.created", "lead.created");
        Recorder everything = listen("*");

        for (int i = 0; i < 50; i++) {
            bus.publish(new Happened(i % 2 == 0 ? "customer.created" : "customer.updated", Instant.now(), i));
        }
        bus.publish(new Happened("lead.created", Instant.now(), 50));

        everything.await(51);
        assertThat(everything.sequences()).isSorted().hasSize(51);
        assertThat(customers.await(50).sequences()).hasSize(50);
        assertThat(created.await(26).sequences()).hasSize(26).isSorted();
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() throws Exception {
        bus.addListener(event -> {
            throw new IllegalStateException("broken plugin");
        }, Map.of(DomainEventListener.TOPICS, "*"));
        Recorder healthy = listen("*");

        bus.publish(new Happened("customer.created", Instant.now(), 1));

        assertThat(healthy.await(1).sequences()).containsExactly(1);
    }

    @Test
    void eventsWaitForTheCommit() throws Exception {
        Recorder recorder = listen("*");
        inTransaction = true;
        bus.publish(new Happened("customer.created", Instant.now(), 1));
        assertThat(heldUntilCommit).hasSize(1);
        assertThat(recorder.sequences()).isEmpty();

        heldUntilCommit.forEach(Runnable::run);
        assertThat(recorder.await(1).sequences()).containsExactly(1);
    }

    @Test
    void removedListenersHearNothingMore() throws Exception {
        Recorder gone = listen("*");
        Recorder staying = listen("*");
        bus.removeListener(gone);
        bus.publish(new Happened("customer.created", Instant.now(), 1));
        staying.await(1);
        assertThat(gone.sequences()).isEmpty();
    }

    @Test
    void rejectsEventsWithoutAProperTopic() {
        for (String topic : new String[] {null, "", "Customer.Created", "created", "customer..created"}) {
            assertThatThrownBy(() -> bus.publish(new Happened(topic, Instant.now(), 0)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private Recorder listen(String... topics) {
        Recorder recorder = new Recorder();
        bus.addListener(recorder, Map.of(DomainEventListener.TOPICS, topics));
        return recorder;
    }

    static final class Recorder implements DomainEventListener {
        private final List<Integer> sequences = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(DomainEvent event) {
            sequences.add(((Happened) event).sequence());
        }

        Recorder await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sequences.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return this;
        }

        List<Integer> sequences() {
            return List.copyOf(sequences);
        }
    }
}
