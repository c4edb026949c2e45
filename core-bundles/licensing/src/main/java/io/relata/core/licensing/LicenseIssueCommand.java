package io.relata.core.licensing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.license.License;

/**
 * The vendor's tool: mints a signed license. It refuses to run without the vendor's private key file, which
 * never ships with the distribution.
 */
@Component
@CommandSpec(name = "license-issue", description = "Mints a signed license (vendor only: needs the private key file)",
        usage = "relata:license-issue --private-key=<pem> --id=<id> --licensee=<name> --expires=<yyyy-mm-dd>"
                + " --modules=<key[:seats],...> [--max-users=<n>] [--issued=<yyyy-mm-dd>] [--out=<file>]")
public class LicenseIssueCommand implements ConsoleCommand {

    @Override
    public void execute(CommandInvocation invocation) throws IOException {
        String keyFile = invocation.option("private-key")
                .orElseThrow(() -> new CommandFailedException("--private-key=<file> is required: only the vendor, who"
                        + " holds the private key, can issue licenses"));
        PrivateKey key;
        try {
            key = Keys.privateKey(LicenseCommands.readFile(keyFile, "private key file"));
        } catch (GeneralSecurityException e) {
            throw new CommandFailedException("not an Ed25519 private key: " + keyFile + " (" + e.getMessage() + ")");
        }
        License license;
        try {
            license = new License(required(invocation, "id"), required(invocation, "licensee"),
                    invocation.option("issued").map(LicenseIssueCommand::day).orElse(Instant.now()),
                    day(required(invocation, "expires")),
                    Integer.parseInt(invocation.option("max-users").orElse("0")),
                    modules(required(invocation, "modules")));
        } catch (NumberFormatException e) {
            throw new CommandFailedException("--max-users and seat counts are whole numbers");
        }
        String document;
        try {
            document = LicenseCodec.sign(license, key);
        } catch (GeneralSecurityException e) {
            throw new CommandFailedException("signing failed: " + e.getMessage());
        }
        var out = invocation.option("out");
        if (out.isPresent()) {
            Files.writeString(Path.of(out.get()), document, StandardCharsets.UTF_8);
            invocation.out().println("License " + license.id() + " written to " + out.get());
        } else {
            invocation.out().print(document);
        }
    }

    private static String required(CommandInvocation invocation, String option) {
        return invocation.option(option).filter(value -> !value.isBlank())
                .orElseThrow(() -> new CommandFailedException("--" + option + " is required"));
    }

    /** A day means 00:00 UTC of that day; a full instant is taken as is. */
    private static Instant day(String text) {
        try {
            return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new CommandFailedException("not a date (yyyy-mm-dd) or instant: " + text);
        }
    }

    private static Map<String, Integer> modules(String list) {
        Map<String, Integer> modules = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts[0].isBlank() || parts.length > 2) {
                throw new CommandFailedException("--modules takes key[:seats],...; got: " + entry);
            }
            modules.put(parts[0], parts.length == 2 ? Integer.parseInt(parts[1]) : 0);
        }
        return modules;
    }
}
