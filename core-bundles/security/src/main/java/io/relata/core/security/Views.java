package io.relata.core.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.relata.api.security.ScopeKind;

/** What the security resources answer and take. Passwords and secrets never appear in an answer. */
final class Views {

    private Views() {
    }

    public record UserView(String id, String username, String displayName, String email, String locale,
                           String timeZone, String managerId, String subsidiaryId, String partnerId, boolean active,
                           boolean locked, List<String> roles, List<String> teams, Instant createdAt,
                           Instant updatedAt, long version) {
        static UserView of(UserRecord user) {
            boolean locked = user.lockedUntil() != null && Instant.now().isBefore(user.lockedUntil());
            return new UserView(user.id(), user.username(), user.displayName(), user.email(), user.locale(),
                    user.timeZone(), user.managerId(), user.subsidiaryId(), user.partnerId(), user.active(), locked,
                    user.roles(), user.teams(), user.createdAt(), user.updatedAt(), user.version());
        }
    }

    public record NewUser(String username, String displayName, String email, String locale, String timeZone,
                          String managerId, String subsidiaryId, String partnerId, Boolean active, List<String> roles,
                          String password) {
    }

    /** The fields an admin may change; a merge patch is applied to these. */
    public record UserChanges(String displayName, String email, String locale, String timeZone, String managerId,
                              String subsidiaryId, String partnerId, Boolean active, List<String> roles) {
        static UserChanges of(UserRecord user) {
            return new UserChanges(user.displayName(), user.email(), user.locale(), user.timeZone(), user.managerId(),
                    user.subsidiaryId(), user.partnerId(), user.active(), user.roles());
        }
    }

    /** What users may change of their own profile. */
    public record ProfileChanges(String displayName, String email, String locale, String timeZone) {
        static ProfileChanges of(UserRecord user) {
            return new ProfileChanges(user.displayName(), user.email(), user.locale(), user.timeZone());
        }
    }

    public record Me(String id, String username, String displayName, String email, String locale, String timeZone,
                     List<String> roles, List<String> permissions, List<String> teams, long version) {
    }

    public record Login(String username, String password) {
    }

    public record LoginResult(Me user, String csrfToken) {
    }

    public record PasswordChange(String currentPassword, String newPassword) {
    }

    public record PasswordReset(String password) {
    }

    public record NewToken(String name, Instant expiresAt) {
    }

    public record CreatedToken(String id, String name, String token, Instant expiresAt) {
    }

    public record TokenView(String id, String name, Instant createdAt, Instant expiresAt, Instant revokedAt,
                            Instant lastUsedAt, boolean active) {
        static TokenView of(Credentials.Token token) {
            return new TokenView(token.id(), token.name(), token.createdAt(), token.expiresAt(), token.revokedAt(),
                    token.lastUsedAt(), token.usable(Instant.now()));
        }
    }

    public record RoleView(String id, String name, String description, boolean builtIn, List<String> permissions,
                           Map<String, ScopeKind> scopes, long version) {
        static RoleView of(Directory.RoleRecord role) {
            return new RoleView(role.id(), role.name(), role.description(), role.builtIn(), role.permissions(),
                    role.scopes(), role.version());
        }
    }

    public record RoleChanges(String name, String description, List<String> permissions, Map<String, ScopeKind> scopes) {
    }

    public record TeamView(String id, String name, List<String> members, long version) {
        static TeamView of(Directory.TeamRecord team) {
            return new TeamView(team.id(), team.name(), team.members(), team.version());
        }
    }

    public record TeamChanges(String name, List<String> members) {
    }

    public record PermissionView(String id, String description, String module) {
    }
}
