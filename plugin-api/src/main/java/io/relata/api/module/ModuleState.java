package io.relata.api.module;

/** Where an installed module stands. */
public enum ModuleState {
    /** Installed and all of its components run. */
    ACTIVE,
    /** Known from an earlier run or installed but stopped; its data is kept. */
    INACTIVE,
    /** Installed, but the license in force does not include it: its components do not start. */
    UNLICENSED,
    /** Installed but broken: a component, its schema migration or its bundle failed; see the reason. */
    FAILED
}
