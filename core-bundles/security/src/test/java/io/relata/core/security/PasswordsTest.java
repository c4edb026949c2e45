package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.relata.api.rest.FieldError;

/** Argon2id hashing in the PHC format and the password policy. No database: this is pure computation. */
class PasswordsTest {

    private static final String PASSWORD = "Tr0ub4dor&3x";

    @Test
    void hashIsAnArgon2idPhcStringWithOwaspParameters() {
        // 16 salt bytes and 32 hash bytes are 22 and 43 characters of unpadded base64
        assertThat(Passwords.hash(PASSWORD))
                .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String stored = Passwords.hash(PASSWORD);

        assertThat(Passwords.matches(PASSWORD, stored)).isTrue();
        assertThat(Passwords.matches("tr0ub4dor&3x", stored)).as("case matters").isFalse();
        assertThat(Passwords.matches(PASSWORD + " ", stored)).isFalse();
        assertThat(Passwords.matches("", stored)).isFalse();
        assertThat(Passwords.matches(null, stored)).isFalse();
    }

    @Test
    void everyHashHasItsOwnSalt() {
        String first = Passwords.hash(PASSWORD);
        String second = Passwords.hash(PASSWORD);

        assertThat(first).isNotEqualTo(second);
        assertThat(salt(first)).isNotEqualTo(salt(second));
        assertThat(Passwords.matches(PASSWORD, first)).isTrue();
        assertThat(Passwords.matches(PASSWORD, second)).isTrue();
    }

    @Test
    void verifiesWithTheParametersStoredInTheHash() {
        // hashes made before the cost parameters are raised must keep working
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        byte[] hash = new byte[32];
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(8192)
                .withIterations(1).withParallelism(1).build());
        generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        String older = "$argon2id$v=19$m=8192,t=1,p=1$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);

        assertThat(Passwords.matches(PASSWORD, older)).isTrue();
        assertThat(Passwords.matches("something else", older)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "plain-text-password",
            "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", // bcrypt
            "$argon2i$v=19$m=19456,t=2,p=1$c2l4dGVlbiBieXRlIHNsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=16$m=19456,t=2,p=1$c2l4dGVlbiBieXRlIHNsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=19456,t=2,x=1$c2l4dGVlbiBieXRlIHNsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=lots,t=2,p=1$c2l4dGVlbiBieXRlIHNsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=19456,t=2,p=1$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=19456,t=2,p=1$c2l4dGVlbiBieXRlIHNsdA"})
    void anythingButOneOfItsOwnHashesIsNotAMatch(String stored) {
        assertThat(Passwords.matches(PASSWORD, stored)).isFalse();
    }

    @Test
    void acceptsAGoodPassword() {
        assertThat(Passwords.policyViolations("password", PASSWORD, "ada")).isEmpty();
    }

    @Test
    void needsAtLeastTenCharacters() {
        assertThat(Passwords.policyViolations("password", "Abcdefgh1", "ada"))
                .containsExactly(new FieldError("password", "must be at least 10 characters"));
        assertThat(Passwords.policyViolations("password", "Abcdefgh12", "ada")).isEmpty();
        assertThat(Passwords.policyViolations("password", null, "ada"))
                .containsExactly(new FieldError("password", "must be at least 10 characters"));
    }

    @Test
    void needsAtMostTwoHundredCharacters() {
        assertThat(Passwords.policyViolations("password", "Ab1".repeat(67), "ada"))
                .extracting(FieldError::message).containsExactly("must be at most 200 characters");
        assertThat(Passwords.policyViolations("password", "Ab".repeat(100), "ada")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijkl", "ABCDEFGHIJKL", "928374651029", "!@#$%^&*()_+"})
    void needsTwoKindsOfCharacters(String oneKindOnly) {
        assertThat(Passwords.policyViolations("password", oneKindOnly, "ada")).extracting(FieldError::message)
                .containsExactly("must mix at least two of: lower case, upper case, digits, symbols");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghij1", "abcdefghijK", "abcdefghij!", "ABCDEFGHIJ1", "1234567890!"})
    void anyTwoKindsOfCharactersAreEnough(String twoKinds) {
        assertThat(Passwords.policyViolations("password", twoKinds, "ada")).isEmpty();
    }

    @Test
    void mustNotContainTheUsernameInAnyCase() {
        assertThat(Passwords.policyViolations("password", "my-LoveLace-2024", "lovelace"))
                .extracting(FieldError::message).containsExactly("must not contain the username");
        assertThat(Passwords.policyViolations("password", "my-lovelace-2024", "LoveLace"))
                .extracting(FieldError::message).containsExactly("must not contain the username");
        assertThat(Passwords.policyViolations("password", "my-lovelace-2024", null)).isEmpty();
        assertThat(Passwords.policyViolations("password", "my-lovelace-2024", " ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Password123", "WELCOME123", "Relata1234", "LetMeIn123", "ChangeMe123"})
    void refusesCommonPasswordsInAnyCase(String common) {
        assertThat(Passwords.policyViolations("password", common, "ada")).extracting(FieldError::message)
                .contains("is too common");
    }

    @Test
    void namesTheFieldItWasGiven() {
        // the REST API reports violations of a password change under the request's own field name
        assertThat(Passwords.policyViolations("newPassword", "short", "ada"))
                .extracting(FieldError::field).containsExactly("newPassword");
    }

    @Test
    void reportsEveryViolationAtOnce() {
        assertThat(Passwords.policyViolations("password", "xadministratorx", "administrator"))
                .extracting(FieldError::message)
                .containsExactlyInAnyOrder("must not contain the username",
                        "must mix at least two of: lower case, upper case, digits, symbols");
    }

    @Test
    void generatedPasswordsPassThePolicyAndDoNotRepeat() {
        Set<String> generated = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = Passwords.random();
            assertThat(Passwords.policyViolations("password", password, SecurityBootstrap.ADMIN_USER))
                    .as(password).isEmpty();
            generated.add(password);
        }
        assertThat(generated).hasSize(200);
    }

    private static String salt(String phc) {
        return phc.split("\\$")[4];
    }
}
