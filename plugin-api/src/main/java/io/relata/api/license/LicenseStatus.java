package io.relata.api.license;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The license in force and what it means now.
 *
 * @param license     the installed license, or {@code null} when there is none
 * @param state       where it stands
 * @param graceEndsAt when licensed modules turn read-only, or {@code null} without a license
 * @param warning     what an administrator should be told (expiry, grace), or {@code null}
 */
public record LicenseStatus(License license, LicenseState state, Instant graceEndsAt, String warning) {

    public LicenseStatus {
        Objects.requireNonNull(state, "state");
    }

    public Optional<License> current() {
        return Optional.ofNullable(license);
    }

    public Optional<String> warningMessage() {
        return Optional.ofNullable(warning);
    }
}
