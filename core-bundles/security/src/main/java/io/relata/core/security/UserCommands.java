package io.relata.core.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;

/** The user administration commands of the console. */
final class UserCommands {

    private UserCommands() {
    }

    static UserRecord user(UserAdministration users, CommandInvocation invocation) {
        String username = invocation.argument(0, "username");
        return users.byName(username).orElseThrow(() -> new CommandFailedException("no user " + username));
    }

    @Component
    @CommandSpec(name = "user-add", description = "Adds a user; without --password one is generated and shown once",
            usage = "relata:user-add <username> [--display-name=<name>] [--email=<e-mail>] [--roles=ROLE,...]"
                    + " [--locale=en|zh-CN] [--time-zone=<zone>] [--manager=<username>] [--password=<password>]")
    public static class Add implements ConsoleCommand {

        @Reference
        private UserAdministration users;

        @Override
        public void execute(CommandInvocation invocation) {
            String username = invocation.argument(0, "username");
            String password = invocation.option("password").orElse(null);
            boolean generated = password == null;
            if (generated) {
                password = Passwords.random();
            }
            String managerId = invocation.option("manager")
                    .map(manager -> users.byName(manager).orElseThrow(() -> new CommandFailedException("no user " + manager)).id())
                    .orElse(null);
            List<String> roles = invocation.option("roles").map(list -> Arrays.stream(list.split(","))
                    .map(String::trim).filter(role -> !role.isEmpty()).toList()).orElse(List.of());
            UserRecord created = users.create(new UserAdministration.UserFields(username,
                    invocation.option("display-name").orElse(null), invocation.option("email").orElse(null),
                    invocation.option("locale").orElse(null), invocation.option("time-zone").orElse(null), managerId,
                    null, null, true, roles, password));
            invocation.out().println("Created user " + created.username() + " (" + created.id() + ") with roles "
                    + created.roles());
            if (generated) {
                invocation.out().println("Password (shown once): " + password);
            }
        }
    }

    @Component
    @CommandSpec(name = "user-list", description = "Lists users", usage = "relata:user-list [--q=<text>]")
    public static class ListUsers implements ConsoleCommand {

        @Reference
        private SecurityService security;

        @Override
        public void execute(CommandInvocation invocation) {
            List<UserRecord> users = security.directory().users(invocation.option("q").orElse(null), 500, null);
            String row = "%-20s | %-24s | %-8s | %s%n";
            invocation.out().printf(row, "USERNAME", "NAME", "STATE", "ROLES");
            for (UserRecord user : users) {
                String state = !user.active() ? "disabled"
                        : user.lockedUntil() != null && Instant.now().isBefore(user.lockedUntil()) ? "locked" : "active";
                invocation.out().printf(row, user.username(), user.displayName(), state, String.join(", ", user.roles()));
            }
        }
    }

    @Component
    @CommandSpec(name = "user-disable", description = "Disables a user (signs them out, keeps their records); --enable undoes it",
            usage = "relata:user-disable <username> [--enable]")
    public static class Disable implements ConsoleCommand {

        @Reference
        private UserAdministration users;

        @Override
        public void execute(CommandInvocation invocation) {
            UserRecord user = user(users, invocation);
            boolean enable = invocation.flag("enable");
            users.setActive(user.id(), enable);
            invocation.out().println("User " + user.username() + (enable ? " enabled" : " disabled"));
        }
    }

    @Component
    @CommandSpec(name = "user-passwd", description = "Sets a user's password; without --password one is generated and shown once",
            usage = "relata:user-passwd <username> [--password=<password>]")
    public static class Passwd implements ConsoleCommand {

        @Reference
        private UserAdministration users;

        @Override
        public void execute(CommandInvocation invocation) {
            UserRecord user = user(users, invocation);
            String password = invocation.option("password").orElse(null);
            boolean generated = password == null;
            if (generated) {
                password = Passwords.random();
            }
            users.setPassword(user.id(), password);
            if (generated) {
                invocation.out().println("New password for " + user.username() + " (shown once): " + password);
            } else {
                invocation.out().println("Password of " + user.username() + " changed; their sessions are closed");
            }
        }
    }

    @Component
    @CommandSpec(name = "token-create", description = "Creates a personal API token for a user and prints it once",
            usage = "relata:token-create <username> <name> [--days=90]")
    public static class CreateToken implements ConsoleCommand {

        @Reference
        private UserAdministration users;

        @Reference
        private SecurityService security;

        @Override
        public void execute(CommandInvocation invocation) {
            UserRecord user = user(users, invocation);
            String name = invocation.argument(1, "name");
            int days;
            try {
                days = Integer.parseInt(invocation.option("days").orElse("90"));
            } catch (NumberFormatException e) {
                throw new CommandFailedException("--days is a whole number");
            }
            if (days < 1 || days > 366 || name.length() > 100) {
                throw new CommandFailedException("--days must be 1 to 366 and the name at most 100 characters");
            }
            Instant expires = Instant.now().plus(Duration.ofDays(days));
            String[] created = security.credentials().createToken(user.id(), name, expires);
            security.audit().record(SecurityAudit.Type.TOKEN_CREATED, true, user.username(), user.id(), "console",
                    "token " + created[0] + " '" + name + "' by " + invocation.user());
            invocation.out().println("Token for " + user.username() + " (shown once, expires " + expires + "):");
            invocation.out().println(created[1]);
        }
    }
}
