package io.relata.core.licensing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.relata.api.license.License;

/**
 * The signed license document:
 * <pre>{"format":"relata-license/1","payload":"&lt;base64url of the license JSON&gt;","signature":"&lt;base64url&gt;"}</pre>
 * The signature (Ed25519) covers the payload's bytes exactly, so no JSON canonicalisation is needed and any
 * change to the license, even of white space, breaks it.
 */
public final class LicenseCodec {

    static final String FORMAT = "relata-license/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LicenseCodec() {
    }

    public static String sign(License license, PrivateKey key) throws GeneralSecurityException {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("id", license.id());
        payload.put("licensee", license.licensee());
        payload.put("issuedAt", license.issuedAt().toString());
        payload.put("expiresAt", license.expiresAt().toString());
        payload.put("maxActiveUsers", license.maxActiveUsers());
        ObjectNode modules = payload.putObject("modules");
        license.modules().forEach(modules::put);
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(bytes);
        ObjectNode document = JSON.createObjectNode();
        document.put("format", FORMAT);
        document.put("payload", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        document.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the license, once its signature is proven to come from the key's owner
     * @throws InvalidLicenseException naming what is wrong: not JSON, another format, a broken signature, a
     *                                 missing or invalid field
     */
    public static License verify(String document, PublicKey key) throws InvalidLicenseException {
        JsonNode root;
        try {
            root = JSON.readTree(document == null ? "" : document);
        } catch (JsonProcessingException e) {
            throw new InvalidLicenseException("this is not a Relata license: it is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidLicenseException("this is not a Relata license: expected a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new InvalidLicenseException("this is not a Relata license (format '" + root.path("format").asText()
                    + "', expected '" + FORMAT + "')");
        }
        byte[] payload = decode(root, "payload");
        byte[] signature = decode(root, "signature");
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(payload);
            if (!verifier.verify(signature)) {
                throw new InvalidLicenseException("the license signature is not valid: the license was changed after it"
                        + " was issued, or it was not issued by the Relata vendor");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidLicenseException("the license signature is not valid: " + e.getMessage(), e);
        }
        return parse(payload);
    }

    /** Reads the payload of a document without checking it, for showing what an invalid file claims. */
    static String payloadText(String document) {
        try {
            return new String(decode(JSON.readTree(document), "payload"), StandardCharsets.UTF_8);
        } catch (JsonProcessingException | InvalidLicenseException e) {
            return null;
        }
    }

    private static License parse(byte[] payload) throws InvalidLicenseException {
        JsonNode license;
        try {
            license = JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new InvalidLicenseException("the signed license content is not valid JSON");
        }
        try {
            Map<String, Integer> modules = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = license.path("modules").fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> module = entries.next();
                if (!module.getValue().canConvertToInt()) {
                    throw new InvalidLicenseException("seats of module " + module.getKey() + " are not a number");
                }
                modules.put(module.getKey(), module.getValue().asInt());
            }
            return new License(text(license, "id"), text(license, "licensee"), instant(license, "issuedAt"),
                    instant(license, "expiresAt"), license.path("maxActiveUsers").asInt(0), modules);
        } catch (IllegalArgumentException e) {
            throw new InvalidLicenseException("the license is not valid: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) throws InvalidLicenseException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidLicenseException("the license has no " + field);
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field) throws InvalidLicenseException {
        String value = text(node, field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidLicenseException("the license's " + field + " is not an ISO-8601 instant: " + value);
        }
    }

    private static byte[] decode(JsonNode root, String field) throws InvalidLicenseException {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidLicenseException("the license document has no " + field);
        }
        try {
            return Base64.getUrlDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidLicenseException("the license " + field + " is damaged (not base64url)");
        }
    }
}
