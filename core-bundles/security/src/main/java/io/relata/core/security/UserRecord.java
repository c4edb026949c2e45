package io.relata.core.security;

import java.time.Instant;
import java.util.List;

/** A row of {@code core_user}, without the password hash, plus its role names and team ids. */
record UserRecord(String id, String username, String displayName, String email, String locale, String timeZone,
                  String managerId, String subsidiaryId, String partnerId, boolean active, int failedLogins,
                  Instant lockedUntil, Instant createdAt, Instant updatedAt, long version, List<String> roles,
                  List<String> teams) {
}
