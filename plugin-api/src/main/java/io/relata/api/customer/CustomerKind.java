package io.relata.api.customer;

/** Whether a customer is an organisation or a private person. */
public enum CustomerKind {
    COMPANY, PERSON
}
