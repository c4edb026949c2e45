package io.relata.api.module;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A module as the registry sees it now.
 *
 * @param descriptor what the module declared (for a module that is gone, what it declared when last seen)
 * @param state      where it stands
 * @param reason     why it is not {@link ModuleState#ACTIVE}, or {@code null}
 * @param since      when it entered this state, as far as this node knows
 */
public record ModuleStatus(ModuleDescriptor descriptor, ModuleState state, String reason, Instant since) {

    public ModuleStatus {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public String id() {
        return descriptor.id();
    }

    public Optional<String> failureReason() {
        return Optional.ofNullable(reason);
    }
}
