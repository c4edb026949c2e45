package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.relata.testing.MutableClock;

/**
 * Sessions and API tokens on a real database, with a clock the test moves. The raw secrets must never reach a
 * table: whoever reads a backup must not be able to sign in with what they find.
 */
class CredentialsTest {

    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final MutableClock clock = new MutableClock();

    @OnEveryDatabase
    void sessionIsStoredOnlyAsTheHashOfItsToken(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");

        Credentials.NewSession session = credentials.openSession(ada, "10.0.0.1");

        assertThat(session.token()).startsWith(Credentials.SESSION_PREFIX).hasSizeGreaterThan(40);
        assertThat(session.csrfToken()).isNotBlank().isNotEqualTo(session.token());
        assertThat(fixture.text("SELECT token_hash FROM core_session WHERE user_id = ?", ada))
                .isEqualTo(Secrets.sha256(session.token())).hasSize(64);
        assertThat(fixture.everyValueOf("core_session"))
                .noneMatch(value -> value.contains(session.token().substring(Credentials.SESSION_PREFIX.length())));
    }

    @OnEveryDatabase
    void sessionIsFoundByItsToken(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");
        Credentials.NewSession opened = credentials.openSession(ada, "10.0.0.1");

        assertThat(credentials.session(opened.token(), IDLE, LIFETIME)).hasValueSatisfying(session -> {
            assertThat(session.userId()).isEqualTo(ada);
            assertThat(session.csrfToken()).isEqualTo(opened.csrfToken());
            assertThat(session.createdAt()).isEqualTo(clock.now());
        });
    }

    @OnEveryDatabase
    void unknownOrMisprefixedSessionTokensFindNothing(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        Credentials.NewSession opened = credentials.openSession(fixture.user("ada"), null);
        String secretPart = opened.token().substring(Credentials.SESSION_PREFIX.length());

        assertThat(credentials.session(Credentials.SESSION_PREFIX + "x" + secretPart, IDLE, LIFETIME)).isEmpty();
        assertThat(credentials.session(secretPart, IDLE, LIFETIME)).as("without prefix").isEmpty();
        assertThat(credentials.session(Credentials.TOKEN_PREFIX + secretPart, IDLE, LIFETIME)).isEmpty();
        assertThat(credentials.session(Secrets.sha256(opened.token()), IDLE, LIFETIME)).as("the stored hash")
                .isEmpty();
        assertThat(credentials.session(null, IDLE, LIFETIME)).isEmpty();
    }

    @OnEveryDatabase
    void sessionEndsAfterIdling(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String token = credentials.openSession(fixture.user("ada"), null).token();

        clock.advance(IDLE.minusSeconds(1));
        assertThat(credentials.session(token, IDLE, LIFETIME)).isPresent();
        clock.advance(IDLE.plusSeconds(1));
        assertThat(credentials.session(token, IDLE, LIFETIME)).isEmpty();
        assertThat(fixture.count("SELECT COUNT(*) FROM core_session")).as("the dead session is removed").isZero();
    }

    @OnEveryDatabase
    void useKeepsASessionAliveBeyondTheIdleTime(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String token = credentials.openSession(fixture.user("ada"), null).token();

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(credentials.session(token, IDLE, LIFETIME)).as("after %d minutes", 20 * (i + 1)).isPresent();
        }
    }

    @OnEveryDatabase
    void sessionEndsAtItsLifetimeHoweverActive(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String token = credentials.openSession(fixture.user("ada"), null).token();
        Instant signedIn = clock.now();

        while (clock.now().isBefore(signedIn.plus(LIFETIME))) {
            assertThat(credentials.session(token, IDLE, LIFETIME)).as("at %s", clock.now()).isPresent();
            clock.advance(Duration.ofMinutes(25));
        }
        assertThat(credentials.session(token, IDLE, LIFETIME)).isEmpty();
    }

    @OnEveryDatabase
    void closedSessionIsGone(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");
        String closed = credentials.openSession(ada, null).token();
        String other = credentials.openSession(ada, null).token();

        credentials.closeSession(closed);

        assertThat(credentials.session(closed, IDLE, LIFETIME)).isEmpty();
        assertThat(credentials.session(other, IDLE, LIFETIME)).isPresent();
    }

    @OnEveryDatabase
    void closingSessionsOfAUserLeavesOthersSignedIn(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");
        String bob = fixture.user("bob");
        String adaAtWork = credentials.openSession(ada, "10.0.0.1").token();
        String adaAtHome = credentials.openSession(ada, "192.168.1.5").token();
        String bobs = credentials.openSession(bob, "10.0.0.2").token();

        credentials.closeSessionsOf(ada);

        assertThat(credentials.session(adaAtWork, IDLE, LIFETIME)).isEmpty();
        assertThat(credentials.session(adaAtHome, IDLE, LIFETIME)).isEmpty();
        assertThat(credentials.session(bobs, IDLE, LIFETIME)).isPresent();
    }

    @OnEveryDatabase
    void apiTokenIsStoredOnlyAsTheHashOfItsSecret(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");

        String[] created = credentials.createToken(ada, "ci", clock.now().plus(Duration.ofDays(30)));
        String id = created[0];
        String secret = created[1];

        assertThat(secret).startsWith(Credentials.TOKEN_PREFIX).hasSizeGreaterThan(40);
        assertThat(fixture.text("SELECT token_hash FROM core_api_token WHERE id = ?", id))
                .isEqualTo(Secrets.sha256(secret));
        assertThat(fixture.everyValueOf("core_api_token"))
                .noneMatch(value -> value.contains(secret.substring(Credentials.TOKEN_PREFIX.length())));
    }

    @OnEveryDatabase
    void apiTokenIsFoundByItsSecretAndRecordsItsUse(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");
        String[] created = credentials.createToken(ada, "ci", null);
        clock.advance(Duration.ofMinutes(5));

        assertThat(credentials.tokenBySecret(created[1])).hasValueSatisfying(token -> {
            assertThat(token.id()).isEqualTo(created[0]);
            assertThat(token.userId()).isEqualTo(ada);
            assertThat(token.name()).isEqualTo("ci");
            assertThat(token.usable(clock.now())).isTrue();
        });
        assertThat(credentials.tokensOf(ada)).singleElement()
                .satisfies(token -> assertThat(token.lastUsedAt()).isEqualTo(clock.now()));
    }

    @OnEveryDatabase
    void unknownOrMisprefixedTokenSecretsFindNothing(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");
        String secret = credentials.createToken(ada, "ci", null)[1];
        String session = credentials.openSession(ada, null).token();

        assertThat(credentials.tokenBySecret(secret + "x")).isEmpty();
        assertThat(credentials.tokenBySecret(secret.substring(Credentials.TOKEN_PREFIX.length()))).isEmpty();
        assertThat(credentials.tokenBySecret(session)).as("a session token is no API token").isEmpty();
        assertThat(credentials.tokenBySecret(null)).isEmpty();
    }

    @OnEveryDatabase
    void revokedTokenIsNoLongerUsable(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");
        String[] created = credentials.createToken(ada, "ci", null);

        assertThat(credentials.revokeToken(ada, created[0])).isTrue();
        assertThat(credentials.revokeToken(ada, created[0])).as("already revoked").isFalse();

        // the token is still found, so that the rejection can be audited as "revoked"
        assertThat(credentials.tokenBySecret(created[1])).hasValueSatisfying(token -> {
            assertThat(token.revokedAt()).isEqualTo(clock.now());
            assertThat(token.usable(clock.now())).isFalse();
            assertThat(token.lastUsedAt()).as("a refused use is no use").isNull();
        });
    }

    @OnEveryDatabase
    void onlyTheOwnerRevokesAToken(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");
        String mallory = fixture.user("mallory");
        String[] created = credentials.createToken(ada, "ci", null);

        assertThat(credentials.revokeToken(mallory, created[0])).isFalse();
        assertThat(credentials.tokenBySecret(created[1])).hasValueSatisfying(
                token -> assertThat(token.usable(clock.now())).isTrue());
    }

    @OnEveryDatabase
    void tokenExpiresAtItsExpiryTime(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        Instant expiry = clock.now().plus(Duration.ofDays(30));
        String secret = credentials.createToken(fixture.user("ada"), "ci", expiry)[1];

        clock.advance(Duration.ofDays(30).minusSeconds(1));
        assertThat(credentials.tokenBySecret(secret)).hasValueSatisfying(
                token -> assertThat(token.usable(clock.now())).isTrue());
        clock.advance(Duration.ofSeconds(1));
        assertThat(credentials.tokenBySecret(secret)).hasValueSatisfying(token -> {
            assertThat(token.expiresAt()).isEqualTo(expiry);
            assertThat(token.usable(clock.now())).isFalse();
        });
    }

    @OnEveryDatabase
    void tokensOfAUserAreListedNewestFirstWithoutOthers(SecurityFixture fixture) {
        Credentials credentials = new Credentials(fixture.dataSource, clock);
        String ada = fixture.user("ada");
        credentials.createToken(ada, "first", null);
        clock.advance(Duration.ofMinutes(1));
        credentials.createToken(ada, "second", null);
        credentials.createToken(fixture.user("bob"), "bob's", null);

        assertThat(credentials.tokensOf(ada)).extracting(Credentials.Token::name).containsExactly("second", "first");
    }
}
