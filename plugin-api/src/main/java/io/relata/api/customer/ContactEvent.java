package io.relata.api.customer;

import java.time.Instant;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.relata.api.event.DomainEvent;

/** What happens to contacts, published after the change committed. Only core publishes these. */
@ProviderType
public interface ContactEvent extends DomainEvent {

    /** @return the contact's id */
    String contactId();

    /** @return the customer the contact belongs to */
    String customerId();

    /** A contact was created (topic {@code contact.created}). */
    record Created(String contactId, String customerId, Instant occurredAt) implements ContactEvent {
        public static final String TOPIC = "contact.created";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** Fields of a contact changed (topic {@code contact.updated}); {@code fields} names them. */
    record Updated(String contactId, String customerId, Set<String> fields, Instant occurredAt)
            implements ContactEvent {
        public static final String TOPIC = "contact.updated";

        public Updated {
            fields = Set.copyOf(fields);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A contact went to the recycle bin (topic {@code contact.deleted}). */
    record Deleted(String contactId, String customerId, Instant occurredAt) implements ContactEvent {
        public static final String TOPIC = "contact.deleted";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A contact came back from the recycle bin (topic {@code contact.restored}). */
    record Restored(String contactId, String customerId, Instant occurredAt) implements ContactEvent {
        public static final String TOPIC = "contact.restored";

        @Override
        public String topic() {
            return TOPIC;
        }
    }
}
