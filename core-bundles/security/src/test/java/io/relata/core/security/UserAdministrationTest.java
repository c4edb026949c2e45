package io.relata.core.security;

import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.relata.api.license.License;
import io.relata.api.license.LicenseState;
import io.relata.api.license.LicenseStatus;
import io.relata.api.license.Licensing;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.security.ScopeKind;
import io.relata.testing.DirectTransactions;

/** Creating and changing users: validation that names the field, the password policy, seats, side effects. */
class UserAdministrationTest {

    private static final String PASSWORD = "Correct-Horse-7";

    // ---- creating ------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void createsAUserWithDefaultsRolesAndAHashedPassword(SecurityFixture fixture) {
        fixture.role("REP", Map.of("*", ScopeKind.OWN), "customers:read");
        UserAdministration users = administration(fixture, null);

        UserRecord ada = users.create(new Fields("Ada.Lovelace").displayName(" Ada Lovelace ")
                .email("ada@example.com").roles("REP").password(PASSWORD).build());

        assertThat(ada.username()).isEqualTo("ada.lovelace");
        assertThat(ada.displayName()).isEqualTo("Ada Lovelace");
        assertThat(ada.email()).isEqualTo("ada@example.com");
        assertThat(ada.locale()).isEqualTo("en");
        assertThat(ada.timeZone()).isEqualTo("UTC");
        assertThat(ada.active()).isTrue();
        assertThat(ada.roles()).containsExactly("REP");
        assertThat(fixture.directory().passwordHash(ada.id()))
                .hasValueSatisfying(hash -> assertThat(Passwords.matches(PASSWORD, hash)).isTrue());
        assertThat(fixture.auditOf("ada.lovelace")).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(SecurityAudit.Type.USER_CREATED);
            assertThat(event.userId()).isEqualTo(ada.id());
            assertThat(event.detail()).startsWith("by system");
        });
    }

    @OnEveryDatabase
    void auditNamesWhoMadeTheChange(SecurityFixture fixture) throws Exception {
        fixture.user("root");
        UserAdministration users = administration(fixture, null);

        fixture.security.runAs("root", () -> users.create(new Fields("ada").build()));

        assertThat(fixture.auditOf("ada")).singleElement()
                .satisfies(event -> assertThat(event.detail()).startsWith("by root"));
    }

    @OnEveryDatabase
    void usernamesFollowThePattern(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        List<String> refused = new ArrayList<>();
        refused.add(null);
        refused.addAll(List.of("", "ab", "-ada", ".ada", "_ada", "ada lovelace", "ada@home", "adä", "a".repeat(65)));

        for (String username : refused) {
            assertThat(fieldsRejectedBy(() -> users.create(new Fields(username).build()))).as(username)
                    .containsExactly("username");
        }
        for (String username : List.of("abc", "ADA", "a".repeat(64), "0ada", "ada_l-1.x")) {
            assertThat(users.create(new Fields(username).build()).username()).isEqualTo(username.toLowerCase());
        }
    }

    @OnEveryDatabase
    void emailMustLookLikeOne(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);

        for (String email : List.of("ada", "ada@example", "@example.com", "ada@@example.com", "ada lovelace@x.org",
                "a@b.c" + "o".repeat(250))) {
            assertThat(fieldsRejectedBy(() -> users.create(new Fields("ada").email(email).build()))).as(email)
                    .containsExactly("email");
        }
        assertThat(users.create(new Fields("ada").email("ada@example.com").build()).email())
                .isEqualTo("ada@example.com");
        assertThat(users.create(new Fields("bob").email(" ").build()).email()).as("blank means none").isNull();
    }

    @OnEveryDatabase
    void localeIsEnglishOrSimplifiedChinese(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);

        for (String locale : List.of("de", "EN", "en-US", "zh", "zh-cn", "zh_CN", "zh-TW")) {
            assertThat(fieldsRejectedBy(() -> users.create(new Fields("ada").locale(locale).build()))).as(locale)
                    .containsExactly("locale");
        }
        assertThat(users.create(new Fields("ada").locale("zh-CN").build()).locale()).isEqualTo("zh-CN");
        assertThat(users.create(new Fields("bob").locale("en").build()).locale()).isEqualTo("en");
    }

    @OnEveryDatabase
    void timeZoneMustBeKnown(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);

        for (String zone : List.of("Mars/Olympus_Mons", "Shanghai", "GMT+25", "")) {
            assertThat(fieldsRejectedBy(() -> users.create(new Fields("ada").timeZone(zone).build()))).as(zone)
                    .containsExactly("timeZone");
        }
        assertThat(users.create(new Fields("ada").timeZone("Asia/Shanghai").build()).timeZone())
                .isEqualTo("Asia/Shanghai");
    }

    @OnEveryDatabase
    void managerMustBeAUser(SecurityFixture fixture) {
        String boss = fixture.user("boss");
        UserAdministration users = administration(fixture, null);

        assertThat(fieldsRejectedBy(() -> users.create(new Fields("ada").managerId("no-such-user").build())))
                .containsExactly("managerId");
        assertThat(users.create(new Fields("ada").managerId(boss).build()).managerId()).isEqualTo(boss);
    }

    @OnEveryDatabase
    void rolesMustExist(SecurityFixture fixture) {
        fixture.role("REP", Map.of("*", ScopeKind.OWN));
        UserAdministration users = administration(fixture, null);

        assertThat(refusal(() -> users.create(new Fields("ada").roles("REP", "WIZARD").build())).errors())
                .containsExactly(new FieldError("roles", "no role named WIZARD"));
    }

    @OnEveryDatabase
    void everyInvalidFieldIsNamedAtOnce(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);

        Problem refused = refusal(() -> users.create(new Fields("x").displayName(" ").email("nope").locale("fr")
                .timeZone("Nowhere/Town").managerId("ghost").roles("WIZARD").password("short").build()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.type()).isEqualTo(Problem.TYPE_BASE + "validation");
        assertThat(refused.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("username",
                "displayName", "email", "locale", "timeZone", "managerId", "roles", "password");
        assertThat(fixture.directory().countUsers()).isZero();
    }

    @OnEveryDatabase
    void passwordMustMeetThePolicy(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);

        assertThat(refusal(() -> users.create(new Fields("lovelace").password("My-Lovelace-1").build())).errors())
                .containsExactly(new FieldError("password", "must not contain the username"));
        assertThat(refusal(() -> users.create(new Fields("ada").password("Password123").build())).errors())
                .containsExactly(new FieldError("password", "is too common"));
        UserRecord tokenOnly = users.create(new Fields("ada").build());
        assertThat(fixture.text("SELECT password_hash FROM core_user WHERE id = ?", tokenOnly.id()))
                .as("no password: API tokens only").isNull();
    }

    @OnEveryDatabase
    void usernameIsTakenWhateverItsCase(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        users.create(new Fields("ada").build());

        Problem refused = refusal(() -> users.create(new Fields(" ADA ").build()));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(fixture.directory().countUsers()).isEqualTo(1);
    }

    @OnEveryDatabase
    void blankManagerMeansNone(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);

        assertThat(users.create(new Fields("ada").managerId("").build()).managerId()).isNull();
    }

    // ---- changing ------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void updateChangesFieldsAndRoles(SecurityFixture fixture) {
        fixture.role("REP", Map.of("*", ScopeKind.OWN));
        fixture.role("MANAGER", Map.of("*", ScopeKind.SUBORDINATES));
        UserAdministration users = administration(fixture, null);
        UserRecord ada = users.create(new Fields("ada").roles("REP").build());

        UserRecord changed = users.update(ada.id(), ada.version(), Fields.of(ada).displayName("Ada L.")
                .locale("zh-CN").timeZone("Asia/Shanghai").roles("MANAGER").build());

        assertThat(changed.displayName()).isEqualTo("Ada L.");
        assertThat(changed.locale()).isEqualTo("zh-CN");
        assertThat(changed.timeZone()).isEqualTo("Asia/Shanghai");
        assertThat(changed.roles()).containsExactly("MANAGER");
        assertThat(changed.version()).isGreaterThan(ada.version());
        assertThat(fixture.auditOf("ada")).extracting(SecurityAudit.Event::type).containsExactlyInAnyOrder(
                SecurityAudit.Type.USER_CREATED, SecurityAudit.Type.ROLES_ASSIGNED, SecurityAudit.Type.USER_CHANGED);
    }

    @OnEveryDatabase
    void updateValidatesLikeCreate(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        UserRecord ada = users.create(new Fields("ada").build());

        assertThat(fieldsRejectedBy(() -> users.update(ada.id(), ada.version(),
                Fields.of(ada).email("nope").locale("de").timeZone("Nowhere/Town").managerId("ghost").build())))
                .containsExactlyInAnyOrder("email", "locale", "timeZone", "managerId");
    }

    @OnEveryDatabase
    void updateOfAStaleVersionIsRefused(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        UserRecord ada = users.create(new Fields("ada").build());
        users.update(ada.id(), ada.version(), Fields.of(ada).displayName("First").build());

        Problem refused = refusal(() -> users.update(ada.id(), ada.version(), Fields.of(ada).displayName("Second")
                .build()));

        assertThat(refused.status()).isEqualTo(412);
        assertThat(fixture.directory().user(ada.id()).orElseThrow().displayName()).isEqualTo("First");
    }

    @OnEveryDatabase
    void managerChainsMustNotLoop(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        UserRecord ceo = users.create(new Fields("ceo").build());
        UserRecord vp = users.create(new Fields("vice").managerId(ceo.id()).build());
        UserRecord rep = users.create(new Fields("rep").managerId(vp.id()).build());

        assertThat(refusal(() -> users.update(ceo.id(), ceo.version(), Fields.of(ceo).managerId(rep.id()).build()))
                .errors()).containsExactly(new FieldError("managerId", "would make the user report to themselves"));
        assertThat(fieldsRejectedBy(() -> users.update(vp.id(), vp.version(), Fields.of(vp).managerId(vp.id())
                .build()))).as("their own manager").containsExactly("managerId");

        UserRecord moved = users.update(rep.id(), rep.version(), Fields.of(rep).managerId(ceo.id()).build());
        assertThat(moved.managerId()).isEqualTo(ceo.id());
    }

    // ---- seats ---------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void activeUsersCannotOutnumberTheLicensedSeats(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, new SeatLicense(2));
        users.create(new Fields("ada").build());
        users.create(new Fields("bob").build());

        Problem refused = refusal(() -> users.create(new Fields("cat").build()));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.type()).isEqualTo(Problem.TYPE_BASE + "seat-limit");
        assertThat(refused.extensions()).containsEntry("license", SeatLicense.ID).containsEntry("maxActiveUsers", 2);
        assertThat(fixture.directory().userByName("cat")).isEmpty();
    }

    @OnEveryDatabase
    void inactiveUsersTakeNoSeatUntilEnabled(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, new SeatLicense(2));
        UserRecord ada = users.create(new Fields("ada").build());
        users.create(new Fields("bob").build());
        UserRecord cat = users.create(new Fields("cat").active(false).build());

        assertThat(refusal(() -> users.setActive(cat.id(), true)).type()).isEqualTo(Problem.TYPE_BASE + "seat-limit");
        assertThat(refusal(() -> users.update(cat.id(), cat.version(), Fields.of(cat).active(true).build())).type())
                .isEqualTo(Problem.TYPE_BASE + "seat-limit");

        users.setActive(ada.id(), false);
        users.setActive(cat.id(), true);
        assertThat(fixture.directory().countActiveUsers()).isEqualTo(2);
    }

    @OnEveryDatabase
    void withoutASeatLimitAnyNumberMayBeActive(SecurityFixture fixture) {
        UserAdministration unlicensed = administration(fixture, null);
        UserAdministration unlimited = administration(fixture, new SeatLicense(0));

        for (int i = 0; i < 3; i++) {
            unlicensed.create(new Fields("free" + i).build());
            unlimited.create(new Fields("unlimited" + i).build());
        }

        assertThat(fixture.directory().countActiveUsers()).isEqualTo(6);
    }

    // ---- side effects --------------------------------------------------------------------------------------

    @OnEveryDatabase
    void disablingAUserEndsTheirSessions(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        UserRecord ada = users.create(new Fields("ada").build());
        UserRecord bob = users.create(new Fields("bob").build());
        Credentials credentials = fixture.security.credentials();
        credentials.openSession(ada.id(), "10.0.0.1");
        credentials.openSession(ada.id(), "10.0.0.2");
        credentials.openSession(bob.id(), "10.0.0.3");

        users.setActive(ada.id(), false);

        assertThat(fixture.count("SELECT COUNT(*) FROM core_session WHERE user_id = ?", ada.id())).isZero();
        assertThat(fixture.count("SELECT COUNT(*) FROM core_session WHERE user_id = ?", bob.id())).isEqualTo(1);
        assertThat(fixture.directory().user(ada.id()).orElseThrow().active()).isFalse();
        assertThat(fixture.auditOf("ada")).first()
                .satisfies(event -> assertThat(event.type()).isEqualTo(SecurityAudit.Type.USER_DISABLED));
    }

    @OnEveryDatabase
    void disablingThroughAnUpdateEndsTheSessionsToo(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        UserRecord ada = users.create(new Fields("ada").build());
        fixture.security.credentials().openSession(ada.id(), "10.0.0.1");

        users.update(ada.id(), ada.version(), Fields.of(ada).active(false).build());

        assertThat(fixture.count("SELECT COUNT(*) FROM core_session WHERE user_id = ?", ada.id())).isZero();
    }

    @OnEveryDatabase
    void newPasswordMeetsThePolicyEndsSessionsAndLiftsALock(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        UserRecord ada = users.create(new Fields("ada").password(PASSWORD).build());
        fixture.security.credentials().openSession(ada.id(), "10.0.0.1");
        fixture.directory().recordLoginFailure(ada.id(), 0, Instant.now().plus(Duration.ofMinutes(15)));

        assertThat(fieldsRejectedBy(() -> users.setPassword(ada.id(), "tooshort"))).containsExactly("password");
        users.setPassword(ada.id(), "Another-Horse-8");

        assertThat(fixture.directory().passwordHash(ada.id()))
                .hasValueSatisfying(hash -> assertThat(Passwords.matches("Another-Horse-8", hash)).isTrue());
        assertThat(fixture.count("SELECT COUNT(*) FROM core_session WHERE user_id = ?", ada.id())).isZero();
        assertThat(fixture.directory().user(ada.id()).orElseThrow().lockedUntil()).isNull();
        assertThat(fixture.auditOf("ada")).first()
                .satisfies(event -> assertThat(event.type()).isEqualTo(SecurityAudit.Type.PASSWORD_CHANGED));
    }

    @OnEveryDatabase
    void unlockClearsFailuresAndTheLock(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);
        UserRecord ada = users.create(new Fields("ada").build());
        fixture.directory().recordLoginFailure(ada.id(), 3, Instant.now().plus(Duration.ofMinutes(15)));

        users.unlock(ada.id());

        UserRecord unlocked = fixture.directory().user(ada.id()).orElseThrow();
        assertThat(unlocked.failedLogins()).isZero();
        assertThat(unlocked.lockedUntil()).isNull();
        assertThat(fixture.auditOf("ada")).first()
                .satisfies(event -> assertThat(event.type()).isEqualTo(SecurityAudit.Type.USER_UNLOCKED));
    }

    @OnEveryDatabase
    void unknownUsersAreNotFound(SecurityFixture fixture) {
        UserAdministration users = administration(fixture, null);

        assertThat(refusal(() -> users.setActive("no-such-id", false)).status()).isEqualTo(404);
        assertThat(refusal(() -> users.setPassword("no-such-id", PASSWORD)).status()).isEqualTo(404);
        assertThat(refusal(() -> users.unlock("no-such-id")).status()).isEqualTo(404);
        assertThat(refusal(() -> users.update("no-such-id", 1, new Fields("x").build())).status()).isEqualTo(404);
    }

    // --------------------------------------------------------------------------------------------------------

    /**
     * The component as Declarative Services would wire it. Its references are private fields, so they are set
     * the way the runtime sets them.
     */
    private static UserAdministration administration(SecurityFixture fixture, Licensing licensing) {
        UserAdministration users = new UserAdministration();
        inject(users, "security", fixture.security);
        inject(users, "transactions", new DirectTransactions());
        inject(users, "licensing", licensing);
        return users;
    }

    private static void inject(Object component, String field, Object value) {
        try {
            Field reference = component.getClass().getDeclaredField(field);
            reference.setAccessible(true);
            reference.set(component, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set " + field, e);
        }
    }

    private static List<String> fieldsRejectedBy(ThrowingCallable attempt) {
        Problem problem = refusal(attempt);
        assertThat(problem.status()).as(problem.detail()).isEqualTo(400);
        return problem.errors().stream().map(FieldError::field).distinct().toList();
    }

    /** A valid license that allows this many active users (0: any number). */
    private record SeatLicense(int maxActiveUsers) implements Licensing {
        static final String ID = "L-TEST-0001";

        @Override
        public LicenseStatus status() {
            Instant issued = Instant.now().minus(Duration.ofDays(1));
            License license = new License(ID, "Acme", issued, issued.plus(Duration.ofDays(365)), maxActiveUsers,
                    Map.of());
            return new LicenseStatus(license, LicenseState.VALID, license.expiresAt().plus(Duration.ofDays(30)),
                    null);
        }

        @Override
        public boolean permits(String moduleKey) {
            return true;
        }

        @Override
        public boolean permitsWrites(String moduleKey) {
            return true;
        }
    }

    /** {@link UserAdministration.UserFields} without a constructor call of eleven arguments per test. */
    private static final class Fields {
        private final String username;
        private String displayName;
        private String email;
        private String locale;
        private String timeZone;
        private String managerId;
        private String subsidiaryId;
        private String partnerId;
        private Boolean active;
        private List<String> roles;
        private String password;

        Fields(String username) {
            this.username = username;
        }

        /** The complete writable fields of a user, as an update expects them. */
        static Fields of(UserRecord user) {
            Fields fields = new Fields(null);
            fields.displayName = user.displayName();
            fields.email = user.email();
            fields.locale = user.locale();
            fields.timeZone = user.timeZone();
            fields.managerId = user.managerId();
            fields.subsidiaryId = user.subsidiaryId();
            fields.partnerId = user.partnerId();
            fields.active = user.active();
            fields.roles = user.roles();
            return fields;
        }

        Fields displayName(String value) {
            displayName = value;
            return this;
        }

        Fields email(String value) {
            email = value;
            return this;
        }

        Fields locale(String value) {
            locale = value;
            return this;
        }

        Fields timeZone(String value) {
            timeZone = value;
            return this;
        }

        Fields managerId(String value) {
            managerId = value;
            return this;
        }

        Fields active(boolean value) {
            active = value;
            return this;
        }

        Fields roles(String... names) {
            roles = List.of(names);
            return this;
        }

        Fields password(String value) {
            password = value;
            return this;
        }

        UserAdministration.UserFields build() {
            return new UserAdministration.UserFields(username, displayName, email, locale, timeZone, managerId,
                    subsidiaryId, partnerId, active, roles, password);
        }
    }
}
