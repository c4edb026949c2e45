package io.relata.core.modules;

import java.time.Instant;
import java.util.List;

import io.relata.api.module.ModuleState;
import io.relata.api.module.ModuleStatus;
import io.relata.api.security.Permission;

/** A module as {@code GET /api/v1/modules} shows it. */
public record ModuleView(String id, String name, String version, String description, ModuleState state,
                         String reason, Instant since, List<String> requires, String licenseKey,
                         List<Permission> permissions) {

    static ModuleView of(ModuleStatus status) {
        var descriptor = status.descriptor();
        return new ModuleView(descriptor.id(), descriptor.name(), descriptor.version(), descriptor.description(),
                status.state(), status.reason(), status.since(), descriptor.requires(), descriptor.licenseKey(),
                descriptor.permissions());
    }
}
