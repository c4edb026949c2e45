package io.relata.api.license;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a signed license grants.
 *
 * @param id             the license id, e.g. {@code L-2026-0042}
 * @param licensee       who it is issued to
 * @param issuedAt       when it was issued
 * @param expiresAt      when it ends; a grace period follows before licensed modules turn read-only
 * @param maxActiveUsers how many users may be active at once; 0 means no limit
 * @param modules        licensed module keys, each with its seat count (0 means no seat limit)
 */
public record License(String id, String licensee, Instant issuedAt, Instant expiresAt, int maxActiveUsers,
                      Map<String, Integer> modules) {

    public License {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(licensee, "licensee");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a license expires after it is issued");
        }
        if (maxActiveUsers < 0) {
            throw new IllegalArgumentException("maxActiveUsers must not be negative");
        }
        modules = java.util.Collections.unmodifiableMap(new TreeMap<>(modules == null ? Map.of() : modules));
        for (Map.Entry<String, Integer> module : modules.entrySet()) {
            if (module.getValue() == null || module.getValue() < 0) {
                throw new IllegalArgumentException("seats of " + module.getKey() + " must be 0 (unlimited) or more");
            }
        }
    }

    /** @return whether the license names this module key. */
    public boolean includes(String moduleKey) {
        return modules.containsKey(moduleKey);
    }
}
