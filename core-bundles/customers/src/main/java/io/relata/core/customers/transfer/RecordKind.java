package io.relata.core.customers.transfer;

import java.util.Locale;

import io.relata.api.rest.Problem;

/** The record types import and export handle, with what each needs. */
enum RecordKind {

    CUSTOMER("customer", "customers", "customers:write"),
    CONTACT("contact", "contacts", "contacts:write"),
    LEAD("lead", "leads", "leads:write");

    /** As custom fields, the audit trail and {@code ?recordType=} name it. */
    final String recordType;
    /** For file names and messages. */
    final String plural;
    /** Importing writes records, so it needs what writing them by hand needs, besides {@code customers:import}. */
    final String writePermission;

    RecordKind(String recordType, String plural, String writePermission) {
        this.recordType = recordType;
        this.plural = plural;
        this.writePermission = writePermission;
    }

    /** The kind of the background job that imports these records, e.g. {@code customer.import}. */
    String jobKind() {
        return recordType + ".import";
    }

    /** @throws io.relata.api.rest.ProblemException 400 naming {@code recordType} for anything else */
    static RecordKind of(String recordType) {
        String wanted = recordType == null ? "" : recordType.strip().toLowerCase(Locale.ROOT);
        for (RecordKind kind : values()) {
            if (kind.recordType.equals(wanted)) {
                return kind;
            }
        }
        throw Problem.validation("recordType", "must be customer, contact or lead").toException();
    }
}
