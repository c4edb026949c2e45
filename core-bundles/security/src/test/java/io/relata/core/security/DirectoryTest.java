package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.relata.api.security.ScopeKind;

/** The users, roles and teams tables as the security service and the resources read and change them. */
class DirectoryTest {

    @OnEveryDatabase
    void usersAreListedByUsernameFilteredAndPaged(SecurityFixture fixture) {
        Directory directory = fixture.directory();
        directory.createUser("cat", "Catherine Johnson", null, "en", "UTC", null, null, null, true, null);
        directory.createUser("ada", "Ada Lovelace", null, "en", "UTC", null, null, null, true, null);
        directory.createUser("bob", "Robert Noyce", null, "en", "UTC", null, null, null, false, null);

        assertThat(directory.users(null, 10, null)).extracting(UserRecord::username)
                .containsExactly("ada", "bob", "cat");
        assertThat(directory.users("LOVE", 10, null)).as("by display name, in any case")
                .extracting(UserRecord::username).containsExactly("ada");
        assertThat(directory.users("b", 10, null)).extracting(UserRecord::username).containsExactly("bob");
        assertThat(directory.users(null, 2, null)).extracting(UserRecord::username).containsExactly("ada", "bob");
        assertThat(directory.users(null, 2, "bob")).extracting(UserRecord::username).containsExactly("cat");
    }

    @OnEveryDatabase
    void usernamesAreStoredAndLookedUpInLowerCase(SecurityFixture fixture) {
        String id = fixture.directory().createUser(" Ada ", "Ada", null, "en", "UTC", null, null, null, true, null);

        assertThat(fixture.text("SELECT username FROM core_user WHERE id = ?", id)).isEqualTo("ada");
        assertThat(fixture.directory().userByName("ADA")).hasValueSatisfying(user -> assertThat(user.id())
                .isEqualTo(id));
    }

    @OnEveryDatabase
    void countsActiveUsersOnly(SecurityFixture fixture) {
        fixture.user("ada");
        fixture.newUser("bob").inactive().create();

        assertThat(fixture.directory().countUsers()).isEqualTo(2);
        assertThat(fixture.directory().countActiveUsers()).isEqualTo(1);
    }

    @OnEveryDatabase
    void aManagerMayNotReportToAnyoneBelowThem(SecurityFixture fixture) {
        String ceo = fixture.user("ceo");
        String vp = fixture.newUser("vp").reportingTo(ceo).create();
        String rep = fixture.newUser("rep").reportingTo(vp).create();
        String outsider = fixture.user("outsider");
        Directory directory = fixture.directory();

        assertThat(directory.wouldCycle(ceo, rep)).isTrue();
        assertThat(directory.wouldCycle(ceo, vp)).isTrue();
        assertThat(directory.wouldCycle(vp, vp)).as("oneself").isTrue();
        assertThat(directory.wouldCycle(rep, ceo)).isFalse();
        assertThat(directory.wouldCycle(ceo, outsider)).isFalse();
        assertThat(directory.wouldCycle(ceo, null)).isFalse();
    }

    @OnEveryDatabase
    void subordinatesEndEvenIfTheDataHasALoop(SecurityFixture fixture) {
        String ada = fixture.user("ada");
        String bob = fixture.newUser("bob").reportingTo(ada).create();
        // written around the directory, which refuses loops itself
        fixture.execute("UPDATE core_user SET manager_id = ? WHERE id = ?", bob, ada);

        assertThat(fixture.directory().withSubordinates(ada)).containsExactlyInAnyOrder(ada, bob);
    }

    @OnEveryDatabase
    void roleGrantsAreReplacedAsAWholeAndGuardedByVersion(SecurityFixture fixture) {
        Directory directory = fixture.directory();
        String id = fixture.role("REP", Map.of("*", ScopeKind.OWN), "leads:read", "customers:read");
        Directory.RoleRecord created = directory.role(id).orElseThrow();

        assertThat(created.permissions()).as("sorted").containsExactly("customers:read", "leads:read");
        assertThat(directory.updateRole(id, created.version(), "changed", List.of("leads:*"),
                Map.of("*", ScopeKind.TEAM, "leads", ScopeKind.ALL))).isTrue();
        assertThat(directory.updateRole(id, created.version(), "stale", List.of(), Map.of())).isFalse();

        Directory.RoleRecord changed = directory.roleByName("REP").orElseThrow();
        assertThat(changed.description()).isEqualTo("changed");
        assertThat(changed.permissions()).containsExactly("leads:*");
        assertThat(changed.scopes()).containsExactlyInAnyOrderEntriesOf(Map.of("*", ScopeKind.TEAM, "leads",
                ScopeKind.ALL));
    }

    @OnEveryDatabase
    void deletingARoleTakesItFromItsUsers(SecurityFixture fixture) {
        String rep = fixture.role("REP", Map.of("*", ScopeKind.OWN), "leads:read");
        String ada = fixture.newUser("ada").withRoles(rep).create();

        fixture.directory().deleteRole(rep);

        assertThat(fixture.directory().user(ada).orElseThrow().roles()).isEmpty();
        assertThat(fixture.count("SELECT COUNT(*) FROM core_role_permission")).isZero();
        assertThat(fixture.count("SELECT COUNT(*) FROM core_role_scope")).isZero();
    }

    @OnEveryDatabase
    void teamsKeepTheirMembersAndAreGuardedByVersion(SecurityFixture fixture) {
        Directory directory = fixture.directory();
        String ada = fixture.user("ada");
        String bob = fixture.user("bob");
        String team = fixture.team("east", ada);
        long version = directory.team(team).orElseThrow().version();

        assertThat(directory.updateTeam(team, version, "east coast", List.of(ada, bob))).isTrue();
        assertThat(directory.updateTeam(team, version, "stale", List.of())).isFalse();
        assertThat(directory.team(team)).hasValueSatisfying(found -> {
            assertThat(found.name()).isEqualTo("east coast");
            assertThat(found.members()).containsExactlyInAnyOrder(ada, bob);
        });
        assertThat(directory.user(bob).orElseThrow().teams()).containsExactly(team);

        directory.deleteTeam(team);
        assertThat(directory.teams()).isEmpty();
        assertThat(directory.teamMatesOf(ada)).containsExactly(ada);
    }

    /**
     * Reading a user (with roles, each with its grants, and teams) or a team never holds a second pooled connection
     * while a first is open: requests that all loaded principals at once could otherwise take every connection of
     * the pool and wait for one more each, forever (the bench's 256 clients did).
     */
    @OnEveryDatabase
    void readsHoldOneConnectionAtATime(SecurityFixture fixture) {
        String rep = fixture.role("REP", Map.of("*", ScopeKind.OWN), "leads:read", "customers:read");
        String auditor = fixture.role("AUDITOR", Map.of("*", ScopeKind.ALL), "customers:read");
        String ada = fixture.newUser("ada").withRoles(rep, auditor).create();
        String team = fixture.team("east", ada);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        Directory directory = new Directory(counting(fixture.dataSource, open, mostOpen), Clock.systemUTC(), () -> {
        });

        assertThat(directory.user(ada).orElseThrow().roles()).containsExactlyInAnyOrder("REP", "AUDITOR");
        assertThat(directory.userByName("ada").orElseThrow().teams()).containsExactly(team);
        assertThat(directory.users(null, 10, null)).hasSize(1);
        assertThat(directory.rolesOf(ada)).hasSize(2);
        assertThat(directory.roles()).isNotEmpty();
        assertThat(directory.team(team).orElseThrow().members()).containsExactly(ada);
        assertThat(directory.teams()).hasSize(1);

        assertThat(open).as("every connection closed").hasValue(0);
        assertThat(mostOpen).as("connections open at once").hasValue(1);
    }

    /** The data source, counting the connections it has handed out and not yet seen closed. */
    private static DataSource counting(DataSource target, AtomicInteger open, AtomicInteger mostOpen) {
        return (DataSource) Proxy.newProxyInstance(DirectoryTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                    Object result = invoke(target, method, arguments);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    Connection connection = (Connection) result;
                    boolean[] closed = {false};
                    return Proxy.newProxyInstance(DirectoryTest.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (connectionProxy, call, values) -> {
                                if (call.getName().equals("close") && !closed[0]) {
                                    closed[0] = true;
                                    open.decrementAndGet();
                                }
                                return invoke(connection, call, values);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments)
            throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
