package io.relata.api.customer;

/** Where a customer stands with the organisation. */
public enum LifecycleStage {
    /** Being courted; nothing bought yet. */
    PROSPECT,
    /** Has bought, or has a contract. */
    CUSTOMER,
    /** Used to be a customer. */
    FORMER
}
