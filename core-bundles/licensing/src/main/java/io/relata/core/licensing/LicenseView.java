package io.relata.core.licensing;

import java.time.Instant;
import java.util.Map;

import io.relata.api.license.License;
import io.relata.api.license.LicenseState;
import io.relata.api.license.LicenseStatus;

/** {@code GET /api/v1/admin/license}. */
public record LicenseView(LicenseState state, String warning, Instant graceEndsAt, Details license) {

    /** The license's content. */
    public record Details(String id, String licensee, Instant issuedAt, Instant expiresAt, int maxActiveUsers,
                          Map<String, Integer> modules) {
    }

    static LicenseView of(LicenseStatus status) {
        License license = status.license();
        return new LicenseView(status.state(), status.warning(), status.graceEndsAt(), license == null ? null
                : new Details(license.id(), license.licensee(), license.issuedAt(), license.expiresAt(),
                        license.maxActiveUsers(), license.modules()));
    }
}
