package io.relata.core.security;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.license.Licensing;
import io.relata.api.persistence.Transactions;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.security.UserPrincipal;

/**
 * Creates and changes users for the REST API and the console alike: validation, the password policy, the
 * licensed seat count, the audit trail.
 */
@Component(service = UserAdministration.class)
public class UserAdministration {

    static final Set<String> LOCALES = Set.of("en", "zh-CN");
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** What a create sets, or the complete writable fields an update leaves (a merge patch already applied). */
    record UserFields(String username, String displayName, String email, String locale, String timeZone,
                      String managerId, String subsidiaryId, String partnerId, Boolean active, List<String> roles,
                      String password) {
    }

    @Reference
    private SecurityService security;

    @Reference
    private Transactions transactions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Licensing licensing;

    UserRecord create(UserFields fields) {
        List<FieldError> errors = new ArrayList<>();
        String username = Directory.normalise(fields.username());
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "3 to 64 characters: lower case letters, digits, '.', '_' or '-'"));
        }
        validate(fields, errors, true);
        if (fields.password() != null) {
            errors.addAll(Passwords.policyViolations("password", fields.password(), username));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        boolean active = fields.active() == null || fields.active();
        return transactions.required(() -> {
            if (security.directory().userByName(username).isPresent()) {
                throw Problem.conflict("the username " + username + " is taken").toException();
            }
            if (active) {
                requireSeat();
            }
            String id = security.directory().createUser(username, displayName(fields, username), blankToNull(fields.email()),
                    orDefault(fields.locale(), "en"), orDefault(fields.timeZone(), "UTC"), blankToNull(fields.managerId()),
                    blankToNull(fields.subsidiaryId()), blankToNull(fields.partnerId()), active,
                    fields.password() == null ? null : Passwords.hash(fields.password()));
            security.directory().assignRoles(id, roleIds(fields.roles() == null ? List.of() : fields.roles()));
            audit(SecurityAudit.Type.USER_CREATED, username, id, "roles " + fields.roles());
            return security.directory().user(id).orElseThrow();
        });
    }

    UserRecord update(String id, long version, UserFields fields) {
        UserRecord current = security.directory().user(id).orElseThrow(() -> notFound(id));
        List<FieldError> errors = new ArrayList<>();
        validate(fields, errors, false);
        if (fields.managerId() != null && security.directory().wouldCycle(id, fields.managerId())) {
            errors.add(new FieldError("managerId", "would make the user report to themselves"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return transactions.required(() -> {
            boolean active = fields.active() == null ? current.active() : fields.active();
            if (active && !current.active()) {
                requireSeat();
            }
            if (!security.directory().updateUser(id, version, displayName(fields, current.username()),
                    blankToNull(fields.email()), orDefault(fields.locale(), "en"), orDefault(fields.timeZone(), "UTC"),
                    blankToNull(fields.managerId()), blankToNull(fields.subsidiaryId()), blankToNull(fields.partnerId()),
                    active)) {
                throw Problem.preconditionFailed("the user changed since you read it; read it again and retry")
                        .toException();
            }
            if (fields.roles() != null && !fields.roles().equals(current.roles())) {
                security.directory().assignRoles(id, roleIds(fields.roles()));
                audit(SecurityAudit.Type.ROLES_ASSIGNED, current.username(), id, current.roles() + " -> " + fields.roles());
            }
            if (active != current.active()) {
                setActiveAudited(current, active);
            } else {
                audit(SecurityAudit.Type.USER_CHANGED, current.username(), id, null);
            }
            return security.directory().user(id).orElseThrow();
        });
    }

    void setActive(String id, boolean active) {
        UserRecord user = security.directory().user(id).orElseThrow(() -> notFound(id));
        if (user.active() == active) {
            return;
        }
        transactions.required(() -> {
            if (active) {
                requireSeat();
            }
            security.directory().setActive(id, active);
            setActiveAudited(user, active);
            return null;
        });
    }

    void setPassword(String id, String password) {
        UserRecord user = security.directory().user(id).orElseThrow(() -> notFound(id));
        List<FieldError> errors = Passwords.policyViolations("password", password, user.username());
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        transactions.required(() -> {
            security.directory().setPassword(id, Passwords.hash(password));
            security.credentials().closeSessionsOf(id);
            audit(SecurityAudit.Type.PASSWORD_CHANGED, user.username(), id, null);
            return null;
        });
    }

    void unlock(String id) {
        UserRecord user = security.directory().user(id).orElseThrow(() -> notFound(id));
        transactions.required(() -> {
            security.directory().clearLoginFailures(id);
            audit(SecurityAudit.Type.USER_UNLOCKED, user.username(), id, null);
            return null;
        });
    }

    Optional<UserRecord> byName(String username) {
        return security.directory().userByName(username);
    }

    private void setActiveAudited(UserRecord user, boolean active) {
        if (!active) {
            security.credentials().closeSessionsOf(user.id());
        }
        audit(active ? SecurityAudit.Type.USER_ENABLED : SecurityAudit.Type.USER_DISABLED, user.username(), user.id(),
                null);
    }

    /** Activating one more user needs a free seat of the license, when it limits users. */
    private void requireSeat() {
        Licensing license = licensing;
        int seats = license == null ? 0 : license.maxActiveUsers();
        if (seats > 0 && security.directory().countActiveUsers() >= seats) {
            String licenseId = license.status().current().map(io.relata.api.license.License::id).orElse("?");
            throw Problem.of(409, "seat-limit", "No free seat", "license " + licenseId + " allows " + seats
                    + " active users, and that many are active; disable one or install a license with more seats")
                    .with("license", licenseId).with("maxActiveUsers", seats).toException();
        }
    }

    private void validate(UserFields fields, List<FieldError> errors, boolean creating) {
        if (fields.displayName() != null && (fields.displayName().isBlank() || fields.displayName().length() > 200)) {
            errors.add(new FieldError("displayName", "1 to 200 characters"));
        }
        if (fields.email() != null && !fields.email().isBlank()
                && (fields.email().length() > 254 || !EMAIL.matcher(fields.email()).matches())) {
            errors.add(new FieldError("email", "is not an e-mail address"));
        }
        if (fields.locale() != null && !LOCALES.contains(fields.locale())) {
            errors.add(new FieldError("locale", "must be one of " + LOCALES));
        }
        if (fields.timeZone() != null) {
            try {
                ZoneId.of(fields.timeZone());
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", "is not a time zone such as Asia/Shanghai"));
            }
        }
        if (fields.managerId() != null && !fields.managerId().isBlank()
                && security.directory().user(fields.managerId()).isEmpty()) {
            errors.add(new FieldError("managerId", "is not a user"));
        }
        for (String field : new String[] {"subsidiaryId", "partnerId"}) {
            String value = field.equals("subsidiaryId") ? fields.subsidiaryId() : fields.partnerId();
            if (value != null && value.length() > 36) {
                errors.add(new FieldError(field, "must be at most 36 characters"));
            }
        }
        if (fields.roles() != null) {
            if (fields.roles().size() > 50) {
                errors.add(new FieldError("roles", "at most 50 roles"));
            }
            for (String role : fields.roles()) {
                if (security.directory().roleByName(role).isEmpty()) {
                    errors.add(new FieldError("roles", "no role named " + role));
                }
            }
        }
    }

    private List<String> roleIds(List<String> names) {
        return names.stream().map(name -> security.directory().roleByName(name).orElseThrow().id()).toList();
    }

    private void audit(SecurityAudit.Type type, String username, String userId, String detail) {
        UserPrincipal actor = security.get().orElse(SecurityService.SYSTEM);
        security.audit().record(type, true, username, userId, security.source(),
                "by " + actor.username() + (detail == null ? "" : "; " + detail));
    }

    private static String displayName(UserFields fields, String username) {
        return fields.displayName() == null || fields.displayName().isBlank() ? username : fields.displayName().strip();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static RuntimeException notFound(String id) {
        return Problem.notFound("no user with id " + id).toException();
    }
}
