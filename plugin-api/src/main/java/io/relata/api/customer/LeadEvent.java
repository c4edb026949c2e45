package io.relata.api.customer;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.relata.api.event.DomainEvent;

/** What happens to leads, published after the change committed. Only core publishes these. */
@ProviderType
public interface LeadEvent extends DomainEvent {

    /** @return the lead's id */
    String leadId();

    /** A lead was created (topic {@code lead.created}); {@code ownerId} is null when it went to the pool. */
    record Created(String leadId, String ownerId, String source, Instant occurredAt) implements LeadEvent {
        public static final String TOPIC = "lead.created";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** Fields of a lead changed (topic {@code lead.updated}). */
    record Updated(String leadId, Set<String> fields, Instant occurredAt) implements LeadEvent {
        public static final String TOPIC = "lead.updated";

        public Updated {
            fields = Set.copyOf(fields);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A lead went to the recycle bin (topic {@code lead.deleted}). */
    record Deleted(String leadId, Instant occurredAt) implements LeadEvent {
        public static final String TOPIC = "lead.deleted";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A lead came back from the recycle bin (topic {@code lead.restored}). */
    record Restored(String leadId, Instant occurredAt) implements LeadEvent {
        public static final String TOPIC = "lead.restored";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /**
     * A lead got an owner from someone else (topic {@code lead.assigned}): by an assignment rule or by hand;
     * {@code how} says which ({@code RULE}, {@code MANUAL}).
     */
    record Assigned(String leadId, String previousOwnerId, String ownerId, String how, Instant occurredAt)
            implements LeadEvent {
        public static final String TOPIC = "lead.assigned";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** Someone took a lead from the lead pool (topic {@code lead.claimed}). */
    record Claimed(String leadId, String ownerId, Instant occurredAt) implements LeadEvent {
        public static final String TOPIC = "lead.claimed";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A lead went back to the pool (topic {@code lead.released}). */
    record Released(String leadId, String previousOwnerId, String reason, Instant occurredAt) implements LeadEvent {
        public static final String TOPIC = "lead.released";

        @Override
        public String topic() {
            return TOPIC;
        }
    }

    /** A lead became a customer and a contact (topic {@code lead.converted}). */
    record Converted(String leadId, String customerId, String contactId, List<RecordLink> records,
                     Instant occurredAt) implements LeadEvent {
        public static final String TOPIC = "lead.converted";

        public Converted {
            records = List.copyOf(records);
        }

        @Override
        public String topic() {
            return TOPIC;
        }
    }
}
