package io.relata.core.activities;

import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Embeddable;

import io.relata.api.activity.ActivityLink;

/** A link of an activity to a record, as a row of {@code core_activity_link}. */
@Embeddable
public class LinkColumns {

    @Column(name = "record_type", nullable = false, length = 100)
    private String recordType;

    @Column(name = "record_id", nullable = false, length = 64)
    private String recordId;

    @Column(name = "customer_id", length = 36)
    private String customerId;

    protected LinkColumns() {
    }

    LinkColumns(ActivityLink link, String customerId) {
        this.recordType = link.recordType();
        this.recordId = link.recordId();
        this.customerId = customerId;
    }

    ActivityLink link() {
        return new ActivityLink(recordType, recordId);
    }

    /** @return the customer whose last activity this link moves, or {@code null} */
    String customerId() {
        return customerId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinkColumns that && recordType.equals(that.recordType)
                && recordId.equals(that.recordId) && Objects.equals(customerId, that.customerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recordType, recordId, customerId);
    }
}
