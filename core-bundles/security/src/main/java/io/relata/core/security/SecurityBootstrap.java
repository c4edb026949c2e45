package io.relata.core.security;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.persistence.Transactions;
import io.relata.api.rest.FieldError;

/**
 * Keeps the built-in roles as the code defines them, and on the very first start creates the {@code admin}
 * user: with {@code RELATA_ADMIN_PASSWORD} when it is set and good enough, else with a generated password
 * printed once on the console. Only the hash is stored; later starts leave users alone.
 */
@Component(immediate = true, service = {})
public class SecurityBootstrap {

    static final String ADMIN_USER = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(SecurityBootstrap.class);

    /** How often to try again when another node bootstraps the same database at the same moment. */
    private static final int ATTEMPTS = 5;

    @Activate
    public SecurityBootstrap(@Reference SecurityService security, @Reference Transactions transactions)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<FirstAdmin> created = transactions.required(() -> {
                    syncBuiltInRoles(security.directory());
                    return security.directory().countUsers() == 0 ? Optional.of(createFirstAdmin(security))
                            : Optional.<FirstAdmin>empty();
                });
                // only now that it is committed: a password shown for a rolled-back user would be a lie
                created.ifPresent(SecurityBootstrap::announce);
                return;
            } catch (RuntimeException clash) {
                // the other node's rows win (unique names); the next attempt finds them and has nothing to do
                if (attempt == ATTEMPTS) {
                    throw clash;
                }
                LOG.info("Security bootstrap collided with another node ({}); trying again", clash.getMessage());
                Thread.sleep(200L * attempt);
            }
        }
    }

    private record FirstAdmin(String password, boolean generated) {
    }

    private static void syncBuiltInRoles(Directory directory) {
        for (BuiltInRoles.Definition role : BuiltInRoles.ALL) {
            Optional<Directory.RoleRecord> existing = directory.roleByName(role.name());
            if (existing.isEmpty()) {
                directory.createRole(role.name(), role.description(), true, role.permissions(), role.scopes());
            } else if (!existing.get().permissions().equals(role.permissions().stream().sorted().toList())
                    || !existing.get().scopes().equals(role.scopes())) {
                directory.updateRole(existing.get().id(), existing.get().version(), role.description(),
                        role.permissions(), role.scopes());
            }
        }
    }

    private static FirstAdmin createFirstAdmin(SecurityService security) {
        String configured = System.getenv("RELATA_ADMIN_PASSWORD");
        String password = configured;
        boolean generated = false;
        if (configured == null || configured.isBlank()) {
            password = Passwords.random();
            generated = true;
        } else {
            List<FieldError> problems = Passwords.policyViolations("RELATA_ADMIN_PASSWORD", configured, ADMIN_USER);
            if (!problems.isEmpty()) {
                String reasons = String.join("; ", problems.stream().map(FieldError::message).toList());
                LOG.error("RELATA_ADMIN_PASSWORD is not accepted ({}); a password is generated instead", reasons);
                System.out.println();
                System.out.println("  RELATA_ADMIN_PASSWORD is not accepted (" + reasons + ").");
                password = Passwords.random();
                generated = true;
            }
        }
        Directory directory = security.directory();
        String id = directory.createUser(ADMIN_USER, "Administrator", null, "en", "UTC", null, null, null, true,
                Passwords.hash(password));
        directory.assignRoles(id, List.of(directory.roleByName(BuiltInRoles.ADMIN).orElseThrow().id()));
        security.audit().record(SecurityAudit.Type.USER_CREATED, true, ADMIN_USER, id, null, "first start");
        return new FirstAdmin(password, generated);
    }

    private static void announce(FirstAdmin admin) {
        if (admin.generated()) {
            System.out.println();
            System.out.println("  Relata created the user 'admin' with the password: " + admin.password());
            System.out.println("  It is shown only this once and stored only as a hash; change it after signing in.");
            System.out.println();
            LOG.warn("Created the user 'admin' with a generated password (shown once on the console)");
        } else {
            LOG.info("Created the user 'admin' with the password from RELATA_ADMIN_PASSWORD");
        }
    }
}
