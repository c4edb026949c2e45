package io.relata.api.security;

import java.util.List;
import java.util.Map;

/**
 * A query condition that restricts rows to a {@link DataScope}, with its parameters. Add it with {@code AND}
 * to every query of scoped records, and bind its parameters:
 * <pre>{@code
 * ScopeClause scope = access.scope("acme.order").jpql("o.ownerId");
 * em.createQuery("SELECT o FROM Order o WHERE o.status = :status AND " + scope.condition(), Order.class)
 *   .setParameter("status", status);
 * scope.named().forEach(query::setParameter);
 * }</pre>
 *
 * @param condition  the condition, e.g. {@code (o.ownerId IN :relataScopeOwners)}; never empty
 * @param named      named parameters, for JPQL
 * @param positional values of the {@code ?} placeholders in order, for SQL
 */
public record ScopeClause(String condition, Map<String, Object> named, List<Object> positional) {

    public ScopeClause {
        named = Map.copyOf(named);
        positional = List.copyOf(positional);
    }
}
