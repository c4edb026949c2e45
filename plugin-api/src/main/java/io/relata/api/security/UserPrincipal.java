package io.relata.api.security;

import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller.
 *
 * @param id           the user id
 * @param username     the login name
 * @param displayName  the name to show
 * @param locale       {@code en} or {@code zh-CN}
 * @param timeZone     an IANA zone such as {@code Asia/Shanghai}
 * @param roles        role names
 * @param permissions  granted permission patterns, e.g. {@code customers:read}, {@code sales.*:*}, {@code *}
 * @param teamIds      the teams the user belongs to
 * @param subsidiaryId the user's subsidiary, or {@code null}
 * @param partnerId    the partner organisation of a partner user, or {@code null}
 */
public record UserPrincipal(String id, String username, String displayName, String locale, String timeZone,
                            Set<String> roles, Set<String> permissions, Set<String> teamIds, String subsidiaryId,
                            String partnerId) {

    /** The id and name of the platform acting on its own (scheduled jobs, migrations). */
    public static final String SYSTEM = "system";

    /** The JAX-RS request property under which the authenticated principal of a REST request is kept. */
    public static final String REQUEST_PROPERTY = "io.relata.security.principal";

    public UserPrincipal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles == null ? Set.of() : roles);
        permissions = Set.copyOf(permissions == null ? Set.of() : permissions);
        teamIds = Set.copyOf(teamIds == null ? Set.of() : teamIds);
    }

    /**
     * @return whether a granted pattern covers the permission: {@code *} covers all, {@code customers:*} every
     * action on customers, {@code *:read} reading anything, {@code sales.*:write} writing any sales record type
     */
    public boolean has(String permission) {
        for (String granted : permissions) {
            if (PermissionPattern.covers(granted, permission)) {
                return true;
            }
        }
        return false;
    }
}
