package io.relata.api.customer;

/** Where a lead stands. */
public enum LeadStatus {
    /** Not looked at yet. */
    NEW,
    /** Someone is working it. */
    WORKING,
    /** Worth pursuing; ready to convert. */
    QUALIFIED,
    /** Not worth pursuing; the lead says why. */
    DISQUALIFIED,
    /** Became a customer and a contact; final. */
    CONVERTED;

    /** @return whether the lead is still being worked (counts against assignment caps) */
    public boolean open() {
        return this == NEW || this == WORKING || this == QUALIFIED;
    }
}
