package io.relata.api.license;

/** Where the installed license stands. */
public enum LicenseState {
    /** No license is installed: only modules that need none run. */
    NONE,
    /** Within its validity. */
    VALID,
    /** Expired, within the grace period: everything still works, with warnings. */
    GRACE,
    /** Expired and past the grace period: licensed modules are read-only; no data is deleted or hidden. */
    EXPIRED
}
