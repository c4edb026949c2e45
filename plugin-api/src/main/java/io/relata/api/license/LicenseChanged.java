package io.relata.api.license;

import java.time.Instant;

import io.relata.api.event.DomainEvent;

/**
 * Published when a license is installed or the license in force changes state (e.g. enters its grace period).
 *
 * @param licenseId  the license now in force, or {@code null}
 * @param state      its state
 * @param occurredAt when it changed
 */
public record LicenseChanged(String licenseId, LicenseState state, Instant occurredAt) implements DomainEvent {

    public static final String TOPIC = "license.changed";

    @Override
    public String topic() {
        return TOPIC;
    }
}
