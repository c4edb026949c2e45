package io.relata.core.licensing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.relata.api.license.License;
import io.relata.api.license.LicenseState;
import io.relata.api.license.LicenseStatus;

/** What a license means at a given moment. */
final class LicenseEvaluation {

    /** Warn this long before expiry. */
    static final Duration WARN_BEFORE = Duration.ofDays(30);

    private LicenseEvaluation() {
    }

    static LicenseStatus evaluate(License license, Instant now, Duration grace) {
        if (license == null) {
            return new LicenseStatus(null, LicenseState.NONE, null, null);
        }
        Instant graceEnds = license.expiresAt().plus(grace);
        if (now.isBefore(license.expiresAt())) {
            long days = ChronoUnit.DAYS.between(now, license.expiresAt());
            String warning = now.isAfter(license.expiresAt().minus(WARN_BEFORE))
                    ? "license " + license.id() + " expires on " + license.expiresAt() + " (in " + days + " days)"
                    : null;
            return new LicenseStatus(license, LicenseState.VALID, graceEnds, warning);
        }
        if (now.isBefore(graceEnds)) {
            return new LicenseStatus(license, LicenseState.GRACE, graceEnds, "license " + license.id() + " expired on "
                    + license.expiresAt() + "; licensed modules become read-only on " + graceEnds
                    + " unless a renewed license is installed");
        }
        return new LicenseStatus(license, LicenseState.EXPIRED, graceEnds, "license " + license.id()
                + " expired on " + license.expiresAt() + "; licensed modules are read-only until a renewed license"
                + " is installed (no data is deleted or hidden)");
    }
}
