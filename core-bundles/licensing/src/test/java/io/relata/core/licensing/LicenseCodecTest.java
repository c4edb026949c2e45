package io.relata.core.licensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.relata.api.license.License;
import io.relata.api.license.LicenseState;
import io.relata.api.license.LicenseStatus;

class LicenseCodecTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");
    private final License license = new License("L-1", "Acme 有限公司", ISSUED, EXPIRES, 25,
            Map.of("sales", 20, "marketing", 0));

    @Test
    void theShippedPublicKeyVerifiesLicensesSignedWithTheTestKey() throws Exception {
        String document = LicenseCodec.sign(license, privateKey("vendor-test-private.pem"));
        assertThat(LicenseCodec.verify(document, shippedPublicKey())).isEqualTo(license);
        assertThat(LicenseCodec.payloadText(document)).contains("\"licensee\" : \"Acme 有限公司\"");
    }

    @Test
    void aLicenseSignedWithAnotherKeyIsRejected() throws Exception {
        String forged = LicenseCodec.sign(license, privateKey("other-private.pem"));
        assertThatThrownBy(() -> LicenseCodec.verify(forged, shippedPublicKey()))
                .isInstanceOf(InvalidLicenseException.class).hasMessageContaining("signature is not valid");
    }

    @Test
    void anyChangeToTheSignedContentIsDetected() throws Exception {
        String document = LicenseCodec.sign(license, privateKey("vendor-test-private.pem"));
        String payload = document.replaceAll("(?s).*\"payload\" : \"([^\"]+)\".*", "$1").trim();
        String text = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        String more = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.replace("\"maxActiveUsers\" : 25", "\"maxActiveUsers\" : 2500")
                        .getBytes(StandardCharsets.UTF_8));
        String tampered = document.replace(payload, more);

        assertThatThrownBy(() -> LicenseCodec.verify(tampered, shippedPublicKey()))
                .isInstanceOf(InvalidLicenseException.class).hasMessageContaining("changed after it was issued");
    }

    @Test
    void malformedDocumentsAreRejectedSayingWhy() throws Exception {
        PublicKey key = shippedPublicKey();
        assertThatThrownBy(() -> LicenseCodec.verify("not json", key)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> LicenseCodec.verify("[]", key)).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> LicenseCodec.verify("{\"format\":\"other\"}", key)).hasMessageContaining("format");
        assertThatThrownBy(() -> LicenseCodec.verify("{\"format\":\"relata-license/1\",\"payload\":\"%%\","
                + "\"signature\":\"AA\"}", key)).hasMessageContaining("damaged");
        assertThatThrownBy(() -> LicenseCodec.verify("{\"format\":\"relata-license/1\"}", key))
                .hasMessageContaining("no payload");
        assertThatThrownBy(() -> LicenseCodec.verify(null, key)).isInstanceOf(InvalidLicenseException.class);
    }

    @Test
    void expiryGoesThroughGraceToReadOnly() {
        Duration grace = Duration.ofDays(14);
        assertThat(LicenseEvaluation.evaluate(null, ISSUED, grace).state()).isEqualTo(LicenseState.NONE);
        LicenseStatus valid = LicenseEvaluation.evaluate(license, Instant.parse("2026-06-01T00:00:00Z"), grace);
        assertThat(valid.state()).isEqualTo(LicenseState.VALID);
        assertThat(valid.warning()).isNull();
        assertThat(LicenseEvaluation.evaluate(license, Instant.parse("2026-12-20T00:00:00Z"), grace).warning())
                .contains("expires on 2027-01-01T00:00:00Z");
        LicenseStatus grace1 = LicenseEvaluation.evaluate(license, Instant.parse("2027-01-05T00:00:00Z"), grace);
        assertThat(grace1.state()).isEqualTo(LicenseState.GRACE);
        assertThat(grace1.graceEndsAt()).isEqualTo(Instant.parse("2027-01-15T00:00:00Z"));
        assertThat(grace1.warning()).contains("read-only on 2027-01-15");
        assertThat(LicenseEvaluation.evaluate(license, Instant.parse("2027-01-15T00:00:00Z"), grace).state())
                .isEqualTo(LicenseState.EXPIRED);
        assertThat(LicenseEvaluation.evaluate(license, Instant.parse("2027-01-15T00:00:00Z"), Duration.ZERO).state())
                .isEqualTo(LicenseState.EXPIRED);
    }

    @Test
    void licensesValidateTheirOwnFields() {
        assertThatThrownBy(() -> new License("L", "A", EXPIRES, ISSUED, 0, Map.of()))
                .hasMessageContaining("expires after");
        assertThatThrownBy(() -> new License("L", "A", ISSUED, EXPIRES, -1, Map.of())).hasMessageContaining("maxActiveUsers");
        assertThatThrownBy(() -> new License("L", "A", ISSUED, EXPIRES, 0, Map.of("sales", -2))).hasMessageContaining("seats");
    }

    static PrivateKey privateKey(String name) throws Exception {
        return Keys.privateKey(resource("license/" + name));
    }

    static PublicKey shippedPublicKey() throws Exception {
        return Keys.publicKey(resource(LicenseService.PUBLIC_KEY));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LicenseCodecTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
