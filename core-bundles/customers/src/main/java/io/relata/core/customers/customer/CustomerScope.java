package io.relata.core.customers.customer;

import java.util.Map;

import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeClause;
import io.relata.api.security.ScopeKind;

/**
 * Which customers the caller sees: those their data scope covers, plus the public pool (customers without an
 * owner), which everyone who works customers may see and claim — except partner users, who see only their own
 * organisation's records.
 */
public record CustomerScope(DataScope scope) {

    /** @param alias the JPQL alias of the customer, e.g. {@code c} */
    public ScopeClause jpql(String alias) {
        ScopeClause owned = scope.jpql(alias + ".ownerId");
        if (!seesPool()) {
            return owned;
        }
        return new ScopeClause("(" + alias + ".ownerId IS NULL OR " + owned.condition() + ")", owned.named(),
                owned.positional());
    }

    public boolean allows(String ownerId) {
        return ownerId == null ? seesPool() : scope.allows(ownerId);
    }

    private boolean seesPool() {
        return scope.kind() != ScopeKind.PARTNER && scope.kind() != ScopeKind.NONE;
    }

    static ScopeClause all() {
        return new ScopeClause("(1 = 1)", Map.of(), java.util.List.of());
    }
}
