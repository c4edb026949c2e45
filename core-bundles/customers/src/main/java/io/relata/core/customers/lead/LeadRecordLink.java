package io.relata.core.customers.lead;

import javax.persistence.Column;
import javax.persistence.Embeddable;

import io.relata.api.customer.RecordLink;

/** A record a module made of a lead while it was converted. */
@Embeddable
public class LeadRecordLink {

    @Column(name = "record_type", nullable = false, length = 100)
    private String recordType;

    @Column(name = "record_id", nullable = false, length = 64)
    private String recordId;

    @Column(name = "label", length = 500)
    private String label;

    protected LeadRecordLink() {
    }

    LeadRecordLink(RecordLink link) {
        this.recordType = link.recordType();
        this.recordId = link.recordId();
        this.label = link.label() == null || link.label().length() <= 500 ? link.label()
                : link.label().substring(0, 499) + "…";
    }

    RecordLink view() {
        return new RecordLink(recordType, recordId, label);
    }
}
