package io.relata.api.security;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which records of one type the caller may see, resolved to the owners whose records are visible. Apply it in
 * the query — never filter after loading — so lists, counts, searches and exports agree, and answer 404 for a
 * single record outside the scope so its existence does not leak.
 *
 * @param kind     the scope the caller's roles grant
 * @param ownerIds for every kind but {@link ScopeKind#ALL}: the user ids whose records are visible
 */
public record DataScope(ScopeKind kind, Set<String> ownerIds) {

    /** Parameter name used by {@link #jpql(String)}. */
    public static final String OWNERS_PARAMETER = "relataScopeOwners";
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    public DataScope {
        Objects.requireNonNull(kind, "kind");
        ownerIds = Set.copyOf(ownerIds == null ? Set.of() : ownerIds);
    }

    public static DataScope all() {
        return new DataScope(ScopeKind.ALL, Set.of());
    }

    public static DataScope none() {
        return new DataScope(ScopeKind.NONE, Set.of());
    }

    /** @return whether a record with this owner is visible ({@code null}: unowned, visible only with ALL). */
    public boolean allows(String ownerId) {
        return kind == ScopeKind.ALL || (ownerId != null && ownerIds.contains(ownerId));
    }

    /** @param ownerPath the JPQL path of the owner id, e.g. {@code c.ownerId} */
    public ScopeClause jpql(String ownerPath) {
        requirePath(ownerPath);
        if (kind == ScopeKind.ALL || ownerIds.isEmpty()) {
            return everythingOrNothing();
        }
        return new ScopeClause("(" + ownerPath + " IN :" + OWNERS_PARAMETER + ")",
                Map.of(OWNERS_PARAMETER, List.copyOf(ownerIds)), List.of());
    }

    /** @param ownerColumn the SQL column of the owner id, e.g. {@code c.owner_id} */
    public ScopeClause sql(String ownerColumn) {
        requirePath(ownerColumn);
        if (kind == ScopeKind.ALL || ownerIds.isEmpty()) {
            return everythingOrNothing();
        }
        List<Object> owners = List.copyOf(ownerIds);
        return new ScopeClause("(" + ownerColumn + " IN (" + "?, ".repeat(owners.size() - 1) + "?))", Map.of(), owners);
    }

    /** The same in JPQL and SQL: a condition that is always true (ALL) or never (nobody's records). */
    private ScopeClause everythingOrNothing() {
        return new ScopeClause(kind == ScopeKind.ALL ? "(1 = 1)" : "(1 = 0)", Map.of(), List.of());
    }

    private static void requirePath(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("not a column or path: " + path);
        }
    }
}
