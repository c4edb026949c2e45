package io.relata.core.activities;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A customer's newest activity, as the pool rule's clock reads it. */
@Entity
@Cacheable(false) // every node writes it; the pool rule must read what the database holds, not a cached row
@Table(name = "core_activity_customer_touch")
public class CustomerTouchEntity {

    @Id
    @Column(name = "customer_id", length = 36)
    private String customerId;

    @Column(name = "last_activity_at", nullable = false)
    private OffsetDateTime lastActivityAt;

    protected CustomerTouchEntity() {
    }

    CustomerTouchEntity(String customerId, Instant lastActivityAt) {
        this.customerId = customerId;
        moveTo(lastActivityAt);
    }

    void moveTo(Instant at) {
        lastActivityAt = at.atOffset(ZoneOffset.UTC);
    }

    String customerId() {
        return customerId;
    }

    Instant lastActivityAt() {
        return lastActivityAt.toInstant();
    }
}
