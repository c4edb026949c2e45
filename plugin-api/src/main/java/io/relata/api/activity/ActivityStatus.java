package io.relata.api.activity;

/** Where an activity stands. */
public enum ActivityStatus {
    OPEN, DONE, CANCELLED
}
