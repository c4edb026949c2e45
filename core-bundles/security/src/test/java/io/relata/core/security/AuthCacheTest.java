package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.relata.api.security.ScopeKind;
import io.relata.api.security.UserPrincipal;

/**
 * What authentication remembers between requests, and that every change of who may do what is seen at once:
 * revoked tokens, disabled users, new roles, changed permissions and teams.
 */
class AuthCacheTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AuthCache cache = new AuthCache(10_000_000_000L, 3, nanos::get);

    private static Credentials.Token token(String id) {
        return new Credentials.Token(id, "ada", "ci", Instant.EPOCH, null, null, null);
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        cache.putToken("h", token("t"), cache.generation());
        nanos.addAndGet(9_999_999_999L);
        assertThat(cache.token("h")).isNotNull();
        nanos.addAndGet(1);
        assertThat(cache.token("h")).isNull();
    }

    @Test
    void aValueLoadedBeforeAnInvalidationIsNotKept() {
        long generation = cache.generation();
        cache.invalidate(); // a change committed while the value was being read
        cache.putToken("h", token("t"), generation);
        assertThat(cache.token("h")).isNull();

        cache.putToken("h", token("t"), cache.generation());
        cache.putPrincipal("ada", new AuthCache.CachedPrincipal(Optional.empty(), new ConcurrentHashMap<>()),
                cache.generation());
        cache.invalidate();
        assertThat(cache.token("h")).isNull();
        assertThat(cache.principal("ada")).isNull();
    }

    @Test
    void itHoldsAtMostItsBoundAndZeroSecondsMeansNothingIsKept() {
        for (int i = 0; i < 10; i++) {
            cache.putToken("h" + i, token("t" + i), cache.generation());
        }
        long kept = java.util.stream.IntStream.range(0, 10).filter(i -> cache.token("h" + i) != null).count();
        assertThat(kept).isBetween(1L, 3L);

        AuthCache off = new AuthCache(0, 3, nanos::get);
        off.putToken("h", token("t"), off.generation());
        assertThat(off.token("h")).isNull();
    }

    @Test
    void onlyOneOfTheRequestsThatSeeATokenDueRecordsItsUse() {
        Credentials.Token seen = token("t");
        cache.putToken("h", seen, cache.generation());
        Credentials.Token used = Credentials.withLastUse(seen, Instant.EPOCH.plusSeconds(60));

        assertThat(cache.replaceToken("h", seen, used)).isTrue();
        assertThat(cache.replaceToken("h", seen, used)).as("already replaced by another request").isFalse();
        assertThat(cache.token("h").lastUsedAt()).isEqualTo(Instant.EPOCH.plusSeconds(60));
    }

    // ---- on a real database, through the security service -------------------------------------------------

    @OnEveryDatabase
    void aRevokedTokenIsRejectedAtOnceAndItsUseIsWrittenAtMostOnceAMinute(SecurityFixture fixture) {
        SecurityService security = fixture.security;
        String ada = fixture.user("ada");
        String[] created = security.credentials().createToken(ada, "ci", null);

        assertThat(security.token(created[1])).hasValueSatisfying(token -> assertThat(token.usable(Instant.now()))
                .isTrue());
        String firstUse = fixture.text("SELECT last_used_at FROM core_api_token WHERE id = ?", created[0]);
        assertThat(firstUse).isNotNull();
        fixture.execute("UPDATE core_api_token SET last_used_at = NULL WHERE id = ?", created[0]);
        for (int i = 0; i < 5; i++) {
            assertThat(security.token(created[1])).isPresent();
        }
        assertThat(fixture.text("SELECT last_used_at FROM core_api_token WHERE id = ?", created[0]))
                .as("remembered: no write for every request").isNull();

        assertThat(security.credentials().revokeToken(ada, created[0])).isTrue();
        assertThat(security.token(created[1])).hasValueSatisfying(token -> assertThat(token.usable(Instant.now()))
                .isFalse());
    }

    @OnEveryDatabase
    void disablingAUserOrChangingTheirRolesTeamsOrPermissionsIsSeenAtOnce(SecurityFixture fixture) {
        SecurityService security = fixture.security;
        String reader = fixture.role("READER", Map.of("*", ScopeKind.OWN), "customers:read");
        String ada = fixture.newUser("ada").withRoles(reader).create();
        String bob = fixture.user("bob");

        UserPrincipal first = security.principal(ada).orElseThrow();
        assertThat(security.principal(ada)).as("remembered").containsSame(first);
        assertThat(first.permissions()).containsExactly("customers:read");
        security.enter(first, "test");
        try {
            assertThat(security.scope("customers").ownerIds()).containsExactly(ada);
        } finally {
            security.clear();
        }

        String writer = fixture.role("WRITER", Map.of("*", ScopeKind.TEAM), "customers:write");
        fixture.directory().assignRoles(ada, java.util.List.of(reader, writer));
        UserPrincipal second = security.principal(ada).orElseThrow();
        assertThat(second.permissions()).containsExactlyInAnyOrder("customers:read", "customers:write");
        fixture.team("east", ada, bob);
        UserPrincipal third = security.principal(ada).orElseThrow();
        security.enter(third, "test");
        try {
            assertThat(security.scope("customers").ownerIds()).containsExactlyInAnyOrder(ada, bob);
        } finally {
            security.clear();
        }

        fixture.directory().updateRole(writer, 1, null, java.util.List.of("customers:write", "leads:read"),
                Map.of("*", ScopeKind.TEAM));
        assertThat(security.principal(ada).orElseThrow().permissions()).contains("leads:read");

        fixture.directory().setActive(ada, false);
        assertThat(security.principal(ada)).as("disabled").isEmpty();
        fixture.directory().setActive(ada, true);
        assertThat(security.principal(ada)).isPresent();
    }
}
