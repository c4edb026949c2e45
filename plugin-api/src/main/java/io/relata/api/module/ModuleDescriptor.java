package io.relata.api.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.relata.api.security.Permission;

/**
 * What a module is and what it needs.
 *
 * @param id          stable identifier, lower case letters, digits and dashes ({@code sales}, {@code acme-loyalty})
 * @param name        human readable name
 * @param version     the module's version, usually its bundle version
 * @param description one line about what the module does, may be empty
 * @param licenseKey  the license entitlement that enables the module, or {@code null} when it needs none
 * @param requires    ids of the modules this module needs to run
 * @param permissions the permissions the module defines and checks
 */
public record ModuleDescriptor(String id, String name, String version, String description, String licenseKey,
                               List<String> requires, List<Permission> permissions) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    public ModuleDescriptor {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("module id must match " + ID.pattern() + ": " + id);
        }
        name = requireText(name, "name");
        version = requireText(version, "version");
        description = description == null ? "" : description;
        if (licenseKey != null && licenseKey.isBlank()) {
            licenseKey = null;
        }
        requires = List.copyOf(requires == null ? List.of() : requires);
        for (String required : requires) {
            if (required == null || !ID.matcher(required).matches()) {
                throw new IllegalArgumentException("required module id is not valid: " + required);
            }
        }
        permissions = List.copyOf(permissions == null ? List.of() : permissions);
    }

    /** @return the license entitlement the module needs, empty when it is free to run. */
    public Optional<String> requiredLicense() {
        return Optional.ofNullable(licenseKey);
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("module " + what + " must not be blank");
        }
        return value;
    }

    /** Builds a descriptor; preferred over the canonical constructor, which grows when the API adds fields. */
    public static final class Builder {
        private final String id;
        private String name;
        private String version;
        private String description = "";
        private String licenseKey;
        private final List<String> requires = new ArrayList<>();
        private final List<Permission> permissions = new ArrayList<>();

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
            this.name = id;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder licenseKey(String licenseKey) {
            this.licenseKey = licenseKey;
            return this;
        }

        public Builder requires(String... moduleIds) {
            requires.addAll(List.of(moduleIds));
            return this;
        }

        public Builder permission(String permissionId, String description) {
            permissions.add(new Permission(permissionId, description));
            return this;
        }

        public ModuleDescriptor build() {
            return new ModuleDescriptor(id, name, version, description, licenseKey, requires, permissions);
        }
    }
}
