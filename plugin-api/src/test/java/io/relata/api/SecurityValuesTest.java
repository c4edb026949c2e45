package io.relata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeClause;
import io.relata.api.security.ScopeKind;
import io.relata.api.security.UserPrincipal;

class SecurityValuesTest {

    private static UserPrincipal with(String... permissions) {
        return new UserPrincipal("u1", "ada", "Ada", "en", "UTC", Set.of(), Set.of(permissions), Set.of(), null, null);
    }

    @Test
    void permissionPatterns() {
        assertThat(with("*").has("customers:read")).isTrue();
        assertThat(with("customers:*").has("customers:write")).isTrue();
        assertThat(with("customers:*").has("contacts:write")).isFalse();
        assertThat(with("*:read").has("sales.opportunities:read")).isTrue();
        assertThat(with("*:read").has("sales.opportunities:write")).isFalse();
        assertThat(with("sales.*:write").has("sales.opportunities:write")).isTrue();
        assertThat(with("sales.*:write").has("sales:write")).isTrue();
        assertThat(with("sales.*:write").has("salesforce:write")).isFalse();
        assertThat(with("customers:read").has("customers:read")).isTrue();
        assertThat(with().has("customers:read")).isFalse();
    }

    @Test
    void scopesBecomeQueryConditions() {
        assertThat(DataScope.all().jpql("c.ownerId").condition()).isEqualTo("(1 = 1)");
        assertThat(DataScope.none().sql("owner_id").condition()).isEqualTo("(1 = 0)");
        DataScope team = new DataScope(ScopeKind.TEAM, Set.of("a", "b"));
        ScopeClause jpql = team.jpql("c.ownerId");
        assertThat(jpql.condition()).isEqualTo("(c.ownerId IN :relataScopeOwners)");
        assertThat(jpql.named().get(DataScope.OWNERS_PARAMETER)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("a", "b");
        ScopeClause sql = team.sql("g.owner_id");
        assertThat(sql.condition()).isEqualTo("(g.owner_id IN (?, ?))");
        assertThat(sql.positional()).containsExactlyInAnyOrder("a", "b");
        assertThat(team.allows("a")).isTrue();
        assertThat(team.allows("z")).isFalse();
        assertThat(team.allows(null)).isFalse();
        assertThat(DataScope.all().allows(null)).isTrue();
        assertThatThrownBy(() -> team.jpql("c.ownerId) OR (1=1")).isInstanceOf(IllegalArgumentException.class);
    }
}
