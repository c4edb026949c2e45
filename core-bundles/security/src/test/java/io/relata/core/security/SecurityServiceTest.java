package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.api.security.UserPrincipal;
import io.relata.api.security.UserSummary;

/**
 * Who the current thread works for, what they may do and which owners' records they see. Scopes are resolved
 * against users, roles and teams in a real database.
 */
class SecurityServiceTest {

    // ---- binding -------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void nobodyIsBoundOutsideRunAs(SecurityFixture fixture) {
        SecurityService security = fixture.security;

        assertThat(security.get()).isEmpty();
        assertThat(security.permits("customers:read")).isFalse();
        assertThat(security.scope("customers")).isEqualTo(DataScope.none());
        assertThatThrownBy(security::require).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().status()).isEqualTo(401));
    }

    @OnEveryDatabase
    void runAsBindsTheUserForTheWorkOnlyAndNests(SecurityFixture fixture) throws Exception {
        SecurityService security = fixture.security;
        fixture.user("ada");
        fixture.user("bob");

        List<String> seen = security.runAs("ada", () -> {
            String before = security.require().username();
            String inner = security.runAs("bob", () -> security.require().username());
            return List.of(before, inner, security.require().username());
        });

        assertThat(seen).containsExactly("ada", "bob", "ada");
        assertThat(security.get()).isEmpty();
    }

    @OnEveryDatabase
    void failingWorkDoesNotLeaveTheUserBound(SecurityFixture fixture) {
        fixture.user("ada");

        assertThatThrownBy(() -> fixture.security.runAs("ada", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(fixture.security.get()).isEmpty();
    }

    @OnEveryDatabase
    void runsOnlyAsAnActiveUser(SecurityFixture fixture) {
        fixture.newUser("gone").inactive().create();

        assertThatThrownBy(() -> fixture.security.runAs("gone", () -> "work"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fixture.security.runAs("nobody", () -> "work"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @OnEveryDatabase
    void principalCarriesTheUsersRolesTeamsAndPermissionsOfAllRoles(SecurityFixture fixture) throws Exception {
        String sales = fixture.role("SALES", Map.of("*", ScopeKind.OWN), "customers:read", "leads:*");
        String reports = fixture.role("REPORTS", Map.of("*", ScopeKind.OWN), "reports:read", "customers:read");
        String ada = fixture.newUser("ada").ofSubsidiary("cn").withRoles(sales, reports).create();
        String team = fixture.team("east", ada);

        UserPrincipal principal = fixture.security.runAs("ADA", fixture.security::require);

        assertThat(principal.id()).isEqualTo(ada);
        assertThat(principal.roles()).containsExactlyInAnyOrder("SALES", "REPORTS");
        assertThat(principal.permissions()).containsExactlyInAnyOrder("customers:read", "leads:*", "reports:read");
        assertThat(principal.teamIds()).containsExactly(team);
        assertThat(principal.subsidiaryId()).isEqualTo("cn");
        assertThat(fixture.security.principal(fixture.newUser("gone").inactive().create())).isEmpty();
    }

    @OnEveryDatabase
    void teamMembersAreListedByUsernameActiveOrNot(SecurityFixture fixture) {
        String zoe = fixture.user("zoe");
        String ada = fixture.user("ada");
        String gone = fixture.newUser("gone").inactive().create();
        String team = fixture.team("east", zoe, gone, ada);

        assertThat(fixture.security.teamMembers(team)).extracting(UserSummary::username)
                .containsExactly("ada", "gone", "zoe");
        assertThat(fixture.security.teamMembers(team)).filteredOn(UserSummary::active).hasSize(2);
        assertThat(fixture.security.teamMembers("no-such-team")).isEmpty();
        assertThat(fixture.security.teamMembers(null)).isEmpty();
        assertThat(gone).isNotBlank();
    }

    // ---- permissions ---------------------------------------------------------------------------------------

    @OnEveryDatabase
    void permitsFollowTheGrantedPatterns(SecurityFixture fixture) throws Exception {
        userWithPermissions(fixture, "root", "*");
        userWithPermissions(fixture, "crm", "customers:*");
        userWithPermissions(fixture, "seller", "sales.*:read");
        userWithPermissions(fixture, "auditor", "*:read");
        userWithPermissions(fixture, "clerk", "customers:read");
        userWithPermissions(fixture, "nobody");

        assertThat(permitted(fixture, "root")).containsExactly(true, true, true, true, true);
        assertThat(permitted(fixture, "crm")).containsExactly(true, true, false, false, false);
        assertThat(permitted(fixture, "seller")).containsExactly(false, false, true, false, false);
        assertThat(permitted(fixture, "auditor")).containsExactly(true, false, true, false, true);
        assertThat(permitted(fixture, "clerk")).containsExactly(true, false, false, false, false);
        assertThat(permitted(fixture, "nobody")).containsExactly(false, false, false, false, false);
    }

    @OnEveryDatabase
    void permissionsOfAllRolesAddUp(SecurityFixture fixture) throws Exception {
        String reader = fixture.role("READER", Map.of(), "customers:read");
        String writer = fixture.role("WRITER", Map.of(), "leads:write");
        fixture.newUser("ada").withRoles(reader, writer).create();

        assertThat(fixture.security.runAs("ada", () -> List.of(fixture.security.permits("customers:read"),
                fixture.security.permits("leads:write"), fixture.security.permits("leads:read"))))
                .containsExactly(true, true, false);
    }

    @OnEveryDatabase
    void requiringAMissingPermissionIsForbiddenAndAudited(SecurityFixture fixture) throws Exception {
        userWithPermissions(fixture, "clerk", "customers:read");

        fixture.security.runAs("clerk", () -> {
            fixture.security.require("customers:read");
            assertThatThrownBy(() -> fixture.security.require("customers:delete"))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(403);
                        assertThat(e.problem().detail()).contains("customers:delete");
                    });
            return null;
        });

        assertThat(fixture.auditOf("clerk")).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityAudit.Type.PERMISSION_DENIED);
            assertThat(event.outcome()).isEqualTo("FAILURE");
            assertThat(event.source()).isEqualTo("run-as");
            assertThat(event.detail()).contains("customers:delete");
        });
    }

    @OnEveryDatabase
    void theSystemMayDoAndSeeEverything(SecurityFixture fixture) throws Exception {
        SecurityService security = fixture.security;

        security.runAsSystem(() -> {
            assertThat(security.require().id()).isEqualTo(UserPrincipal.SYSTEM);
            assertThat(security.permits("anything.at.all:delete")).isTrue();
            assertThat(security.scope("customers")).isEqualTo(DataScope.all());
            assertThat(security.scope("sales.opportunities")).isEqualTo(DataScope.all());
            return null;
        });
        assertThat(security.get()).isEmpty();
    }

    // ---- data scopes ---------------------------------------------------------------------------------------

    @OnEveryDatabase
    void ownSeesOnlyTheUsersOwnRecords(SecurityFixture fixture) throws Exception {
        String rep = fixture.role("REP", Map.of("*", ScopeKind.OWN));
        String ada = fixture.newUser("ada").withRoles(rep).create();
        String bob = fixture.newUser("bob").reportingTo(ada).create();
        fixture.team("east", ada, bob);

        DataScope scope = scopeOf(fixture, "ada", "customers");

        assertThat(scope).isEqualTo(new DataScope(ScopeKind.OWN, Set.of(ada)));
    }

    @OnEveryDatabase
    void teamSeesEveryMateOfEveryTeamOfTheUser(SecurityFixture fixture) throws Exception {
        String marketing = fixture.role("MARKETING", Map.of("*", ScopeKind.TEAM));
        String ada = fixture.newUser("ada").withRoles(marketing).create();
        String bob = fixture.user("bob");
        String cat = fixture.user("cat");
        String dan = fixture.user("dan");
        String eve = fixture.user("eve");
        fixture.team("east", ada, bob);
        fixture.team("events", ada, cat);
        fixture.team("west", dan, eve);

        DataScope scope = scopeOf(fixture, "ada", "leads");

        assertThat(scope.kind()).isEqualTo(ScopeKind.TEAM);
        assertThat(scope.ownerIds()).containsExactlyInAnyOrder(ada, bob, cat);
    }

    @OnEveryDatabase
    void teamOfAUserWithoutTeamIsTheUserAlone(SecurityFixture fixture) throws Exception {
        String ada = fixture.newUser("ada").withRoles(fixture.role("MARKETING", Map.of("*", ScopeKind.TEAM))).create();
        fixture.team("west", fixture.user("dan"));

        assertThat(scopeOf(fixture, "ada", "leads").ownerIds()).containsExactly(ada);
    }

    @OnEveryDatabase
    void subordinatesReachesDownTheWholeManagerChain(SecurityFixture fixture) throws Exception {
        String manager = fixture.role("MANAGER", Map.of("*", ScopeKind.SUBORDINATES));
        String ceo = fixture.newUser("ceo").withRoles(manager).create();
        String vp = fixture.newUser("vp").reportingTo(ceo).withRoles(manager).create();
        String lead = fixture.newUser("lead").reportingTo(vp).withRoles(manager).create();
        String rep1 = fixture.newUser("rep1").reportingTo(lead).create();
        String rep2 = fixture.newUser("rep2").reportingTo(lead).create();
        String assistant = fixture.newUser("assistant").reportingTo(vp).create();
        String otherVp = fixture.newUser("othervp").reportingTo(ceo).create();
        String otherRep = fixture.newUser("otherrep").reportingTo(otherVp).create();

        assertThat(scopeOf(fixture, "lead", "customers").ownerIds()).containsExactlyInAnyOrder(lead, rep1, rep2);
        assertThat(scopeOf(fixture, "vp", "customers").ownerIds())
                .containsExactlyInAnyOrder(vp, lead, rep1, rep2, assistant);
        assertThat(scopeOf(fixture, "ceo", "customers").ownerIds())
                .containsExactlyInAnyOrder(ceo, vp, lead, rep1, rep2, assistant, otherVp, otherRep);
        assertThat(scopeOf(fixture, "ceo", "customers").kind()).isEqualTo(ScopeKind.SUBORDINATES);
    }

    @OnEveryDatabase
    void subsidiarySeesTheUsersOfTheSameSubsidiary(SecurityFixture fixture) throws Exception {
        String regional = fixture.role("REGIONAL", Map.of("*", ScopeKind.SUBSIDIARY));
        String ada = fixture.newUser("ada").ofSubsidiary("cn").withRoles(regional).create();
        String bob = fixture.newUser("bob").ofSubsidiary("cn").create();
        fixture.newUser("cat").ofSubsidiary("de").create();
        fixture.user("dan");
        String loner = fixture.newUser("loner").withRoles(regional).create();

        assertThat(scopeOf(fixture, "ada", "customers"))
                .isEqualTo(new DataScope(ScopeKind.SUBSIDIARY, Set.of(ada, bob)));
        assertThat(scopeOf(fixture, "loner", "customers").ownerIds()).as("without a subsidiary")
                .containsExactly(loner);
    }

    @OnEveryDatabase
    void partnerSeesTheUsersOfTheSamePartner(SecurityFixture fixture) throws Exception {
        String portal = fixture.role("PORTAL", Map.of("*", ScopeKind.PARTNER));
        String ada = fixture.newUser("ada").ofPartner("acme").withRoles(portal).create();
        String bob = fixture.newUser("bob").ofPartner("acme").create();
        fixture.newUser("cat").ofPartner("globex").create();
        fixture.newUser("dan").ofSubsidiary("acme").create();

        assertThat(scopeOf(fixture, "ada", "leads"))
                .isEqualTo(new DataScope(ScopeKind.PARTNER, Set.of(ada, bob)));
    }

    @OnEveryDatabase
    void allSeesEverything(SecurityFixture fixture) throws Exception {
        fixture.newUser("ada").withRoles(fixture.role("BOSS", Map.of("*", ScopeKind.ALL))).create();

        assertThat(scopeOf(fixture, "ada", "customers")).isEqualTo(DataScope.all());
    }

    @OnEveryDatabase
    void noScopeForTheTypeAndNoDefaultSeesNothing(SecurityFixture fixture) throws Exception {
        fixture.newUser("ada").withRoles(fixture.role("CUSTOMERS_ONLY", Map.of("customers", ScopeKind.ALL)))
                .create();
        fixture.user("roleless");

        assertThat(scopeOf(fixture, "ada", "customers")).isEqualTo(DataScope.all());
        assertThat(scopeOf(fixture, "ada", "leads")).isEqualTo(DataScope.none());
        assertThat(scopeOf(fixture, "roleless", "customers")).isEqualTo(DataScope.none());
    }

    @OnEveryDatabase
    void aRecordTypeOfItsOwnOverridesTheDefaultEitherWay(SecurityFixture fixture) throws Exception {
        String ada = fixture.newUser("ada").withRoles(fixture.role("MIXED",
                Map.of("*", ScopeKind.OWN, "customers", ScopeKind.ALL, "sales.commissions", ScopeKind.NONE)))
                .create();

        assertThat(scopeOf(fixture, "ada", "customers")).isEqualTo(DataScope.all());
        assertThat(scopeOf(fixture, "ada", "leads")).isEqualTo(new DataScope(ScopeKind.OWN, Set.of(ada)));
        assertThat(scopeOf(fixture, "ada", "sales.commissions")).isEqualTo(DataScope.none());
    }

    @OnEveryDatabase
    void severalRolesGiveTheWidestKindAndEveryOwnerAnyOfThemGrants(SecurityFixture fixture) throws Exception {
        String rep = fixture.role("REP", Map.of("*", ScopeKind.OWN));
        String regional = fixture.role("REGIONAL", Map.of("*", ScopeKind.SUBSIDIARY));
        String marketing = fixture.role("MARKETING", Map.of("*", ScopeKind.TEAM, "customers", ScopeKind.NONE));
        String ada = fixture.newUser("ada").ofSubsidiary("cn").withRoles(rep, regional, marketing).create();
        String mate = fixture.newUser("mate").ofSubsidiary("de").create();
        String colleague = fixture.newUser("colleague").ofSubsidiary("cn").create();
        fixture.team("events", ada, mate);

        DataScope leads = scopeOf(fixture, "ada", "leads");
        assertThat(leads.kind()).isEqualTo(ScopeKind.SUBSIDIARY);
        assertThat(leads.ownerIds()).containsExactlyInAnyOrder(ada, mate, colleague);

        DataScope customers = scopeOf(fixture, "ada", "customers");
        assertThat(customers.kind()).as("one role's NONE takes nothing away").isEqualTo(ScopeKind.SUBSIDIARY);
        assertThat(customers.ownerIds()).containsExactlyInAnyOrder(ada, colleague);
    }

    @OnEveryDatabase
    void anyRoleGrantingAllMakesTheScopeAll(SecurityFixture fixture) throws Exception {
        String rep = fixture.role("REP", Map.of("*", ScopeKind.OWN));
        String readOnly = fixture.role("READ_ONLY", Map.of("*", ScopeKind.ALL));
        fixture.newUser("ada").withRoles(rep, readOnly).create();

        assertThat(scopeOf(fixture, "ada", "customers")).isEqualTo(DataScope.all());
    }

    @OnEveryDatabase
    void scopeIsWorkedOutOncePerBinding(SecurityFixture fixture) throws Exception {
        SecurityService security = fixture.security;
        String ada = fixture.newUser("ada").withRoles(fixture.role("MARKETING", Map.of("*", ScopeKind.TEAM)))
                .create();
        String bob = fixture.user("bob");

        security.runAs("ada", () -> {
            DataScope before = security.scope("leads");
            fixture.team("east", ada, bob);
            // one request must see one consistent set of records, however long it runs
            assertThat(security.scope("leads")).isEqualTo(before);
            return null;
        });
        assertThat(scopeOf(fixture, "ada", "leads").ownerIds()).containsExactlyInAnyOrder(ada, bob);
    }

    // ---- Users ---------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void usersAreFoundByIdAndByUsernameInAnyCase(SecurityFixture fixture) {
        String ada = fixture.user("ada");

        assertThat(fixture.security.byId(ada)).hasValueSatisfying(user -> assertThat(user.username()).isEqualTo("ada"));
        assertThat(fixture.security.byUsername(" Ada ")).hasValueSatisfying(user -> assertThat(user.id()).isEqualTo(ada));
        assertThat(fixture.security.byUsername("bob")).isEmpty();
    }

    // --------------------------------------------------------------------------------------------------------

    private static DataScope scopeOf(SecurityFixture fixture, String username, String recordType) throws Exception {
        return fixture.security.runAs(username, () -> fixture.security.scope(recordType));
    }

    private static void userWithPermissions(SecurityFixture fixture, String username, String... permissions) {
        String role = fixture.role(username.toUpperCase(), Map.of(), permissions);
        fixture.newUser(username).withRoles(role).create();
    }

    /** customers:read, customers:write, sales.opportunities:read, sales.opportunities:write, reports:read */
    private static List<Boolean> permitted(SecurityFixture fixture, String username) throws Exception {
        SecurityService security = fixture.security;
        Callable<List<Boolean>> check = () -> List.of(security.permits("customers:read"),
                security.permits("customers:write"), security.permits("sales.opportunities:read"),
                security.permits("sales.opportunities:write"), security.permits("reports:read"));
        return security.runAs(username, check);
    }
}
