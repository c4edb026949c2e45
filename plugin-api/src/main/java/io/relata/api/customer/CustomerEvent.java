package io.relata.api.customer;

import java.time.Instant;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.relata.api.event.DomainEvent;

/**
 * What happens to customers, published after the change committed. Listeners match on the record type or the
 * {@link #topic()}. Only core publishes these; more kinds may be added in minor versions.
 */
@ProviderType
public interface CustomerEvent extends DomainEvent {

    /** @return the customer's id */
    String customerId();

    /** A customer was created (topic {@code customer.created}). */
    record Created(String customerId, String name, String ownerId, Instant occurredAt) implements CustomerEvent {
        public static final String TOPIC = "customer.created";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** Fields of a customer changed (topic {@code customer.updated}); {@code fields} names them. */
    record Updated(String customerId, Set<String> fields, Instant occurredAt) implements CustomerEvent {
        public static final String TOPIC = "customer.updated";

        public Updated {
            fields = Set.copyOf(fields);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A customer went to the recycle bin (topic {@code customer.deleted}). */
    record Deleted(String customerId, String name, Instant occurredAt) implements CustomerEvent {
        public static final String TOPIC = "customer.deleted";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A customer came back from the recycle bin (topic {@code customer.restored}). */
    record Restored(String customerId, String name, Instant occurredAt) implements CustomerEvent {
        public static final String TOPIC = "customer.restored";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** Someone took a customer from the public pool (topic {@code customer.claimed}). */
    record Claimed(String customerId, String ownerId, Instant occurredAt) implements CustomerEvent {
        public static final String TOPIC = "customer.claimed";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /**
     * A customer went back to the public pool (topic {@code customer.released}): released by its owner or an
     * admin, or reclaimed by the pool rule.
     */
    record Released(String customerId, String previousOwnerId, String reason, Instant occurredAt)
            implements CustomerEvent {
        public static final String TOPIC = "customer.released";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A customer was given to another owner (topic {@code customer.assigned}). */
    record Assigned(String customerId, String previousOwnerId, String ownerId, Instant occurredAt)
            implements CustomerEvent {
        public static final String TOPIC = "customer.assigned";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /**
     * A duplicate customer was merged into a survivor (topic {@code customer.merged}): its contacts and everything
     * that referred to it now refer to the survivor, and the duplicate is gone.
     */
    record Merged(String customerId, String duplicateId, Instant occurredAt) implements CustomerEvent {
        public static final String TOPIC = "customer.merged";

        @Override
        public String topic() {
            return TOPIC;
        }
    }
}
