package io.relata.api.customer;

/**
 * A reference to a record of any module, e.g. the opportunity the sales plugin created while a lead was converted.
 *
 * @param recordType the record type, e.g. {@code sales.opportunity}
 * @param recordId   the record's id
 * @param label      what a person recognises it by
 */
public record RecordLink(String recordType, String recordId, String label) {
}
