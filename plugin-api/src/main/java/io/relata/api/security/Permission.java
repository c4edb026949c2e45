package io.relata.api.security;

import java.util.regex.Pattern;

/**
 * A permission a module defines, such as {@code customers:read} or {@code sales.opportunities:write}.
 * Roles grant permissions; the security module enforces them.
 *
 * @param id          {@code <resource>:<action>}, lower case, the resource may be dotted
 * @param description what holding it allows, for the role editor
 */
public record Permission(String id, String description) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*:[a-z][a-z0-9-]*");

    public Permission {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("permission id must look like 'resource:action': " + id);
        }
        description = description == null ? "" : description;
    }
}
