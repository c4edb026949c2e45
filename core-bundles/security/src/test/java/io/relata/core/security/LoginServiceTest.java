package io.relata.core.security;

import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;


import io.relata.api.rest.Problem;
import io.relata.api.security.ScopeKind;

/**
 * Password sign-in for the REST API and the console: lockout per account (also for usernames that do not
 * exist, so the answers do not reveal which do), throttling per address, and an audit event per attempt.
 */
class LoginServiceTest {

    private static final String PASSWORD = "Correct-Horse-7";
    /** Made once: Argon2id is slow on purpose. */
    private static final String HASH = Passwords.hash(PASSWORD);
    private static final String WRONG = "Wrong-Horse-7";
    private static final String FROM = "203.0.113.9";

    @OnEveryDatabase
    void rightPasswordSignsInAndIsAudited(SecurityFixture fixture) {
        String rep = fixture.role("REP", Map.of("*", ScopeKind.OWN), "customers:read");
        String ada = fixture.newUser("ada").withPasswordHash(HASH).withRoles(rep).create();

        LoginService.SignedIn signedIn = new LoginService(fixture.security).authenticate("ada", PASSWORD, FROM, false);

        assertThat(signedIn.user().id()).isEqualTo(ada);
        assertThat(signedIn.principal().id()).isEqualTo(ada);
        assertThat(signedIn.principal().permissions()).containsExactly("customers:read");
        assertThat(fixture.auditOf("ada")).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityAudit.Type.LOGIN);
            assertThat(event.outcome()).isEqualTo("SUCCESS");
            assertThat(event.userId()).isEqualTo(ada);
            assertThat(event.source()).isEqualTo(FROM);
        });
    }

    @OnEveryDatabase
    void usernameIsMatchedInAnyCase(SecurityFixture fixture) {
        String ada = fixture.newUser("ada").withPasswordHash(HASH).create();

        assertThat(new LoginService(fixture.security).authenticate(" Ada ", PASSWORD, FROM, false).user().id())
                .isEqualTo(ada);
    }

    @OnEveryDatabase
    void wrongPasswordIsRefusedCountedAndAudited(SecurityFixture fixture) {
        String ada = fixture.newUser("ada").withPasswordHash(HASH).create();

        Problem refused = refusal(() -> new LoginService(fixture.security).authenticate("ada", WRONG, FROM, false));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.type()).isEqualTo(Problem.TYPE_BASE + "invalid-credentials");
        assertThat(fixture.directory().user(ada).orElseThrow().failedLogins()).isEqualTo(1);
        assertThat(fixture.auditOf("ada")).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityAudit.Type.LOGIN);
            assertThat(event.outcome()).isEqualTo("FAILURE");
            assertThat(event.detail()).isEqualTo("wrong password");
        });
    }

    @OnEveryDatabase
    void unknownUsernameGetsTheSameAnswerAsAWrongPassword(SecurityFixture fixture) {
        fixture.newUser("ada").withPasswordHash(HASH).create();
        LoginService logins = new LoginService(fixture.security);

        Problem wrongPassword = refusal(() -> logins.authenticate("ada", WRONG, FROM, false));
        Problem unknownUser = refusal(() -> logins.authenticate("ghost", WRONG, FROM, false));

        assertThat(unknownUser).isEqualTo(wrongPassword);
        assertThat(fixture.auditOf("ghost")).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo("FAILURE");
            assertThat(event.userId()).isNull();
            assertThat(event.detail()).isEqualTo("unknown user");
        });
    }

    @OnEveryDatabase
    void fiveFailuresLockTheAccountEvenAgainstTheRightPassword(SecurityFixture fixture) {
        String ada = fixture.newUser("ada").withPasswordHash(HASH).create();
        LoginService logins = new LoginService(fixture.security);

        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(refusal(() -> logins.authenticate("ada", WRONG, FROM, false)).status())
                    .as("attempt %d", attempt).isEqualTo(401);
        }
        Problem locked = refusal(() -> logins.authenticate("ada", PASSWORD, FROM, false));

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.type()).isEqualTo(Problem.TYPE_BASE + "account-locked");
        Instant lockedUntil = fixture.directory().user(ada).orElseThrow().lockedUntil();
        assertThat(lockedUntil).isCloseTo(Instant.now().plus(Duration.ofMinutes(15)), within(1, ChronoUnit.MINUTES));
        assertThat(locked.extensions()).containsEntry("retryAfter", lockedUntil.toString());
        assertThat(fixture.auditOf("ada")).first().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo("FAILURE");
            assertThat(event.detail()).startsWith("account locked until");
        });
    }

    @OnEveryDatabase
    void lockLiftsOnceItsTimeHasPassed(SecurityFixture fixture) {
        String ada = fixture.newUser("ada").withPasswordHash(HASH).create();
        LoginService logins = new LoginService(fixture.security);
        for (int attempt = 1; attempt <= 5; attempt++) {
            refusal(() -> logins.authenticate("ada", WRONG, FROM, false));
        }

        // the lock is kept in the database, so moving it into the past is what fifteen minutes of waiting does
        fixture.execute("UPDATE core_user SET locked_until = ? WHERE id = ?", Instant.now().minusSeconds(1), ada);

        assertThat(logins.authenticate("ada", PASSWORD, FROM, false).user().id()).isEqualTo(ada);
        UserRecord user = fixture.directory().user(ada).orElseThrow();
        assertThat(user.lockedUntil()).isNull();
        assertThat(user.failedLogins()).isZero();
    }

    @OnEveryDatabase
    void lockoutFollowsTheSettings(SecurityFixture fixture) {
        fixture.newUser("ada").withPasswordHash(HASH).create();
        fixture.security.modified(SecurityFixture.settings(Map.of("lockout_failures", 2, "lockout_minutes", 60)));
        LoginService logins = new LoginService(fixture.security);

        refusal(() -> logins.authenticate("ada", WRONG, FROM, false));
        refusal(() -> logins.authenticate("ada", WRONG, FROM, false));
        Problem locked = refusal(() -> logins.authenticate("ada", PASSWORD, FROM, false));

        assertThat(locked.type()).isEqualTo(Problem.TYPE_BASE + "account-locked");
        assertThat(Instant.parse((String) locked.extensions().get("retryAfter")))
                .isCloseTo(Instant.now().plus(Duration.ofMinutes(60)), within(1, ChronoUnit.MINUTES));
    }

    @OnEveryDatabase
    void unknownUsernamesLockAfterFiveFailuresLikeRealOnes(SecurityFixture fixture) {
        LoginService logins = new LoginService(fixture.security);

        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(refusal(() -> logins.authenticate("ghost", WRONG, FROM, false)).status())
                    .as("attempt %d", attempt).isEqualTo(401);
        }

        assertThat(refusal(() -> logins.authenticate("GHOST", WRONG, FROM, false)).type())
                .isEqualTo(Problem.TYPE_BASE + "account-locked");
        assertThat(refusal(() -> logins.authenticate("phantom", WRONG, FROM, false)).status())
                .as("another unknown name").isEqualTo(401);
    }

    @OnEveryDatabase
    void anAddressIsThrottledAfterTwentyFailuresAndOnlyThatAddress(SecurityFixture fixture) {
        String ada = fixture.newUser("ada").withPasswordHash(HASH).create();
        LoginService logins = new LoginService(fixture.security);
        String attacker = "198.51.100.66";

        // a different name each time, so that no account lock gets in the way
        for (int attempt = 1; attempt <= 20; attempt++) {
            String name = "guess" + attempt;
            assertThat(refusal(() -> logins.authenticate(name, WRONG, attacker, false)).status())
                    .as("attempt %d", attempt).isEqualTo(401);
        }
        Problem throttled = refusal(() -> logins.authenticate("ada", PASSWORD, attacker, false));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.type()).isEqualTo(Problem.TYPE_BASE + "too-many-attempts");
        assertThat(throttled.extensions()).containsKey("retryAfter");
        assertThat(logins.authenticate("ada", PASSWORD, FROM, false).user().id()).as("from elsewhere")
                .isEqualTo(ada);
    }

    @OnEveryDatabase
    void successResetsTheFailureCount(SecurityFixture fixture) {
        String ada = fixture.newUser("ada").withPasswordHash(HASH).create();
        LoginService logins = new LoginService(fixture.security);

        for (int round = 1; round <= 2; round++) {
            for (int attempt = 1; attempt <= 4; attempt++) {
                refusal(() -> logins.authenticate("ada", WRONG, FROM, false));
            }
            assertThat(fixture.directory().user(ada).orElseThrow().failedLogins()).isEqualTo(4);
            assertThat(logins.authenticate("ada", PASSWORD, FROM, false).user().id()).as("round %d", round)
                    .isEqualTo(ada);
            assertThat(fixture.directory().user(ada).orElseThrow().failedLogins()).isZero();
        }
    }

    @OnEveryDatabase
    void disabledUserCannotSignInWithTheRightPassword(SecurityFixture fixture) {
        String ada = fixture.newUser("ada").withPasswordHash(HASH).create();
        fixture.newUser("bob").withPasswordHash(HASH).create();
        fixture.directory().setActive(ada, false);
        LoginService logins = new LoginService(fixture.security);

        Problem refused = refusal(() -> logins.authenticate("ada", PASSWORD, FROM, false));

        assertThat(refused).as("answered like a wrong password")
                .isEqualTo(refusal(() -> logins.authenticate("bob", WRONG, FROM, false)));
        assertThat(fixture.auditOf("ada")).singleElement()
                .satisfies(event -> assertThat(event.detail()).isEqualTo("account disabled"));
        assertThat(fixture.directory().user(ada).orElseThrow().failedLogins()).as("the password was right").isZero();
    }

    @OnEveryDatabase
    void consoleIsForAdministratorsOnly(SecurityFixture fixture) {
        String admin = fixture.role(BuiltInRoles.ADMIN, Map.of("*", ScopeKind.ALL), "*");
        String rep = fixture.role("REP", Map.of("*", ScopeKind.OWN), "customers:*");
        String root = fixture.newUser("root").withPasswordHash(HASH).withRoles(admin).create();
        fixture.newUser("ada").withPasswordHash(HASH).withRoles(rep).create();
        LoginService logins = new LoginService(fixture.security);

        Problem refused = refusal(() -> logins.authenticate("ada", PASSWORD, "console", true));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(logins.authenticate("ada", PASSWORD, FROM, false)).as("the REST API is fine").isNotNull();
        assertThat(logins.authenticate("root", PASSWORD, "console", true).user().id()).isEqualTo(root);
        assertThat(fixture.auditOf("ada")).extracting(SecurityAudit.Event::type, SecurityAudit.Event::outcome)
                .containsExactly(tuple(SecurityAudit.Type.LOGIN, "SUCCESS"),
                        tuple(SecurityAudit.Type.CONSOLE_LOGIN, "FAILURE"));
        assertThat(fixture.auditOf("root")).extracting(SecurityAudit.Event::type, SecurityAudit.Event::outcome)
                .containsExactly(tuple(SecurityAudit.Type.CONSOLE_LOGIN, "SUCCESS"));
    }

    @OnEveryDatabase
    void everyAttemptOnAnAccountIsAudited(SecurityFixture fixture) {
        fixture.role(BuiltInRoles.ADMIN, Map.of("*", ScopeKind.ALL), "*");
        fixture.newUser("ada").withPasswordHash(HASH).create();
        String bob = fixture.newUser("bob").withPasswordHash(HASH).create();
        fixture.directory().setActive(bob, false);
        LoginService logins = new LoginService(fixture.security);

        logins.authenticate("ada", PASSWORD, FROM, false);
        refusal(() -> logins.authenticate("ada", PASSWORD, FROM, true));
        for (int attempt = 1; attempt <= 5; attempt++) {
            refusal(() -> logins.authenticate("ada", WRONG, FROM, false));
        }
        refusal(() -> logins.authenticate("ada", PASSWORD, FROM, false));
        refusal(() -> logins.authenticate("bob", PASSWORD, FROM, false));
        refusal(() -> logins.authenticate("ghost", PASSWORD, FROM, false));

        assertThat(fixture.auditOf("ada")).hasSize(8);
        assertThat(fixture.auditOf("bob")).hasSize(1);
        assertThat(fixture.auditOf("ghost")).hasSize(1);
    }

    @OnEveryDatabase
    void userWithoutPasswordIsRefusedLikeAWrongPassword(SecurityFixture fixture) {
        // users may be created without a password, to work with API tokens only
        String tokenOnly = fixture.user("robot");
        LoginService logins = new LoginService(fixture.security);

        Problem refused = refusal(() -> logins.authenticate("robot", PASSWORD, FROM, false));

        assertThat(refused.type()).isEqualTo(Problem.TYPE_BASE + "invalid-credentials");
        assertThat(fixture.directory().user(tokenOnly).orElseThrow().failedLogins()).isEqualTo(1);
    }

    @OnEveryDatabase
    void throttledAttemptsAreAudited(SecurityFixture fixture) {
        LoginService logins = new LoginService(fixture.security);
        for (int attempt = 1; attempt <= 20; attempt++) {
            String name = "guess" + attempt;
            refusal(() -> logins.authenticate(name, WRONG, FROM, false));
        }

        refusal(() -> logins.authenticate("ada", WRONG, FROM, false));

        // a brute force that goes on after the throttle must still show in the audit trail
        assertThat(fixture.auditOf("ada")).singleElement()
                .satisfies(event -> assertThat(event.outcome()).isEqualTo("FAILURE"));
    }

    @OnEveryDatabase
    void attemptsOnALockedUnknownUsernameAreAudited(SecurityFixture fixture) {
        LoginService logins = new LoginService(fixture.security);
        for (int attempt = 1; attempt <= 5; attempt++) {
            refusal(() -> logins.authenticate("ghost", WRONG, FROM, false));
        }

        refusal(() -> logins.authenticate("ghost", WRONG, FROM, false));

        // a locked real account audits this attempt, so an unknown one must as well
        assertThat(fixture.auditOf("ghost")).hasSize(6);
    }
}
