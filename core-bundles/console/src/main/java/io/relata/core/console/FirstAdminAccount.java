package io.relata.core.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the console {@code admin} account on the first start: with {@code RELATA_ADMIN_PASSWORD} when it is
 * set, else with a random password printed once on the console. Only a hash is stored, in the format of
 * Karaf's properties realm ({@code etc/org.apache.karaf.jaas.cfg} enables it). Later starts leave the account
 * alone, so changing the variable afterwards changes nothing.
 */
@Component(immediate = true, service = {})
public class FirstAdminAccount {

    static final String USER = "admin";
    static final String ADMIN_GROUP = "_g_\\:admingroup";
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdminAccount.class);

    @Activate
    void activate() {
        String etc = System.getProperty("karaf.etc");
        if (etc == null) {
            return;
        }
        try {
            String generated = ensureAdmin(Path.of(etc, "users.properties"), System.getenv("RELATA_ADMIN_PASSWORD"));
            if (generated != null) {
                System.out.println();
                System.out.println("  Relata created the console user 'admin' with the password: " + generated);
                System.out.println("  It is shown only this once; only its hash is stored.");
                System.out.println();
                LOG.warn("Created console user 'admin' with a generated password (shown once on the console)");
            }
        } catch (IOException e) {
            LOG.error("Could not create the first admin account in {}", etc, e);
        }
    }

    /** @return the generated password when one was made up, else {@code null} */
    static String ensureAdmin(Path users, String configuredPassword) throws IOException {
        List<String> lines = Files.exists(users) ? Files.readAllLines(users, StandardCharsets.UTF_8) : List.of();
        boolean hasAdmin = lines.stream().anyMatch(line -> isEntry(line, USER));
        if (hasAdmin) {
            return null;
        }
        boolean generate = configuredPassword == null || configuredPassword.isBlank();
        String password = generate ? randomPassword() : configuredPassword;
        StringBuilder entry = new StringBuilder(System.lineSeparator())
                .append("# created by Relata at first start").append(System.lineSeparator())
                .append(USER).append(" = ").append(hash(password)).append(",_g_:admingroup")
                .append(System.lineSeparator());
        if (lines.stream().noneMatch(line -> isEntry(line, ADMIN_GROUP))) {
            entry.append(ADMIN_GROUP).append(" = group,admin,manager,viewer,systembundles,ssh")
                    .append(System.lineSeparator());
        }
        Files.writeString(users, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return generate ? password : null;
    }

    static String hash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{CRYPT}" + HexFormat.of().formatHex(digest) + "{CRYPT}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-512", e);
        }
    }

    private static boolean isEntry(String line, String key) {
        String trimmed = line.trim();
        return !trimmed.startsWith("#") && trimmed.startsWith(key)
                && trimmed.substring(key.length()).trim().startsWith("=");
    }

    private static String randomPassword() {
        byte[] random = new byte[15];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
