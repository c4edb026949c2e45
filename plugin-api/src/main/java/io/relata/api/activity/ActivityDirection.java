package io.relata.api.activity;

/** Whether a call or e-mail came in or went out. */
public enum ActivityDirection {
    IN, OUT
}
