package io.relata.api.activity;

/** Who takes part in an activity: one of the organisation's users, or a customer's contact. */
public enum ParticipantKind {
    USER, CONTACT
}
