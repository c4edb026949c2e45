package io.relata.core.security;

import java.util.List;
import java.util.Map;

import io.relata.api.security.ScopeKind;

/**
 * The roles every installation has. Their permissions use patterns, so the permissions of modules installed
 * later are covered (a sales manager gets {@code sales.*:*} whether or not sales is installed yet). The scope
 * under {@code "*"} applies to every record type the role does not name.
 */
final class BuiltInRoles {

    record Definition(String name, String description, List<String> permissions, Map<String, ScopeKind> scopes) {
    }

    static final String ADMIN = "ADMIN";

    static final List<Definition> ALL = List.of(
            new Definition(ADMIN, "Everything, including users, roles, modules and the license",
                    List.of("*"), Map.of("*", ScopeKind.ALL)),
            new Definition("SALES_MANAGER", "Leads a sales team: their own and their reports' records",
                    List.of("customers:*", "contacts:*", "leads:*", "activities:*", "sales.*:*", "commission.*:read",
                            "reports:read"),
                    Map.of("*", ScopeKind.SUBORDINATES)),
            new Definition("SALES_REP", "Works their own customers, leads and deals",
                    List.of("customers:read", "customers:write", "contacts:read", "contacts:write", "leads:read",
                            "leads:write", "leads:convert", "activities:*", "sales.*:read", "sales.*:write"),
                    Map.of("*", ScopeKind.OWN)),
            new Definition("MARKETING", "Runs campaigns; sees the team's leads and customers",
                    List.of("marketing.*:*", "leads:*", "customers:read", "contacts:read", "activities:*"),
                    Map.of("*", ScopeKind.TEAM)),
            new Definition("SERVICE_AGENT", "Handles cases for the team's customers",
                    List.of("service.*:*", "customers:read", "contacts:read", "activities:*"),
                    Map.of("*", ScopeKind.TEAM)),
            new Definition("PARTNER_USER", "A partner organisation's user: only that partner's records",
                    List.of("partner-portal.*:*", "leads:read", "leads:write", "customers:read", "sales.*:read"),
                    Map.of("*", ScopeKind.PARTNER)),
            new Definition("READ_ONLY", "Reads everything, changes nothing",
                    List.of("*:read"), Map.of("*", ScopeKind.ALL)));

    private BuiltInRoles() {
    }
}
