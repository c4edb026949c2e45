package io.relata.core.licensing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.license.License;
import io.relata.api.license.LicenseStatus;

/** Shared by the license console commands. */
final class LicenseCommands {

    private LicenseCommands() {
    }

    static String readFile(String name, String what) {
        try {
            return Files.readString(Path.of(name), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException("no " + what + " at " + name);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + what + " " + name + ": " + e.getMessage());
        }
    }

    static void print(LicenseStatus status, PrintStream out) {
        out.println("State:       " + status.state());
        status.current().ifPresent(license -> printLicense(license, out));
        if (status.graceEndsAt() != null) {
            out.println("Read-only after: " + status.graceEndsAt());
        }
        status.warningMessage().ifPresent(warning -> out.println("WARNING:     " + warning));
    }

    private static void printLicense(License license, PrintStream out) {
        out.println("License:     " + license.id());
        out.println("Licensee:    " + license.licensee());
        out.println("Issued:      " + license.issuedAt());
        out.println("Expires:     " + license.expiresAt());
        out.println("Max users:   " + (license.maxActiveUsers() == 0 ? "unlimited" : license.maxActiveUsers()));
        out.println("Modules:");
        license.modules().forEach((key, seats) ->
                out.println("  " + key + (seats == 0 ? "" : " (" + seats + " seats)")));
    }

    static void install(LicenseService licenses, CommandInvocation invocation) {
        String file = invocation.argument(0, "license-file");
        String document = readFile(file, "license file");
        try {
            print(licenses.install(document, invocation.user()), invocation.out());
        } catch (InvalidLicenseException e) {
            throw new CommandFailedException(e.getMessage() + "; the license in force is unchanged");
        } catch (SQLException e) {
            throw new CommandFailedException("the license could not be stored: " + e.getMessage());
        }
    }
}
