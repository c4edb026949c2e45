package io.relata.core.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.Problem;
import io.relata.api.security.UserPrincipal;

/**
 * Checks passwords for the REST login and the console. Failures lock the account for a while after a few in a
 * row, and an address that keeps failing is throttled. Unknown usernames lock the same way, and every failure
 * answers the same, so nobody learns which usernames exist.
 */
@Component(service = LoginService.class)
public class LoginService {

    /** A successful sign-in. */
    record SignedIn(UserPrincipal principal, UserRecord user) {
    }

    /** Recent failures of one username or address. */
    private record Failures(int count, Instant first, Instant lockedUntil) {
    }

    /**
     * Checking a password against a dummy for unknown users keeps their answer as slow as a known user's. Hashed
     * on the first unknown user, not when the class loads: at boot, before the JIT has compiled it, one Argon2 hash
     * took hundreds of milliseconds on the thread that starts the components.
     */
    private static final class Dummy {
        static final String HASH = Passwords.hash("not-a-real-password-1");
    }

    private static final int MAX_TRACKED = 100_000;

    private final SecurityService security;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Failures> unknownUsers = new ConcurrentHashMap<>();
    private final Map<String, Failures> sources = new ConcurrentHashMap<>();

    @Activate
    public LoginService(@Reference SecurityService security) {
        this.security = security;
    }

    /**
     * @param console whether this is a console (SSH) sign-in, which needs the ADMIN role
     * @throws io.relata.api.rest.ProblemException 401 for wrong credentials, 429 while locked or throttled
     */
    SignedIn authenticate(String username, String password, String source, boolean console) {
        SecuritySettings settings = security.settings();
        Instant now = clock.instant();
        String name = Directory.normalise(username == null ? "" : username);
        String from = source == null ? "unknown" : source;
        forgetExpired(now, settings);
        throttle(name, from, now, settings);
        Optional<UserRecord> found = name.isEmpty() ? Optional.empty() : security.directory().userByName(name);
        if (found.isEmpty()) {
            Failures failures = unknownUsers.get(name);
            if (failures != null && failures.lockedUntil() != null && now.isBefore(failures.lockedUntil())) {
                // answered like a locked account: audited, and without hashing, so just as fast
                security.audit().record(SecurityAudit.Type.LOGIN, false, name, null, source,
                        "account locked until " + failures.lockedUntil());
                throw locked(failures.lockedUntil());
            }
            Passwords.matches(password, Dummy.HASH);
            unknownUsers.put(name, next(failures, now, Duration.ofMinutes(settings.lockout_minutes()),
                    settings.lockout_failures()));
            return fail(name, null, from, "unknown user", settings);
        }
        UserRecord user = found.get();
        if (user.lockedUntil() != null && now.isBefore(user.lockedUntil())) {
            security.audit().record(SecurityAudit.Type.LOGIN, false, user.username(), user.id(), source,
                    "account locked until " + user.lockedUntil());
            throw locked(user.lockedUntil());
        }
        boolean matches = Passwords.matches(password, security.directory().passwordHash(user.id()).orElse(null));
        if (!matches || !user.active()) {
            if (!matches) {
                int count = user.failedLogins() + 1;
                Instant lockUntil = count >= settings.lockout_failures()
                        ? now.plus(Duration.ofMinutes(settings.lockout_minutes())) : null;
                security.directory().recordLoginFailure(user.id(), lockUntil == null ? count : 0, lockUntil);
            }
            return fail(user.username(), user.id(), from, matches ? "account disabled" : "wrong password", settings);
        }
        UserPrincipal principal = security.principal(user);
        if (console && !principal.roles().contains(BuiltInRoles.ADMIN)) {
            security.audit().record(SecurityAudit.Type.CONSOLE_LOGIN, false, user.username(), user.id(), source,
                    "not an administrator");
            throw Problem.of(403, "forbidden", "Forbidden", "the console is for administrators").toException();
        }
        security.directory().clearLoginFailures(user.id());
        sources.remove(from);
        security.audit().record(console ? SecurityAudit.Type.CONSOLE_LOGIN : SecurityAudit.Type.LOGIN, true,
                user.username(), user.id(), source, null);
        return new SignedIn(principal, user);
    }

    private SignedIn fail(String username, String userId, String source, String reason, SecuritySettings settings) {
        Instant now = clock.instant();
        sources.compute(source, (key, failures) -> next(failures, now,
                Duration.ofMinutes(settings.throttle_window_minutes()), settings.throttle_failures()));
        security.audit().record(SecurityAudit.Type.LOGIN, false, username, userId, source, reason);
        throw Problem.of(401, "invalid-credentials", "Invalid credentials", "the username or password is wrong")
                .toException();
    }

    private void throttle(String username, String source, Instant now, SecuritySettings settings) {
        Failures failures = sources.get(source);
        if (failures == null) {
            return;
        }
        if (now.isAfter(failures.first().plus(Duration.ofMinutes(settings.throttle_window_minutes())))) {
            sources.remove(source);
            return;
        }
        if (failures.count() >= settings.throttle_failures()) {
            Instant retry = failures.first().plus(Duration.ofMinutes(settings.throttle_window_minutes()));
            security.audit().record(SecurityAudit.Type.LOGIN, false, username, null, source,
                    "address throttled until " + retry);
            throw Problem.of(429, "too-many-attempts", "Too many attempts",
                    "too many failed sign-ins from this address; try again after " + retry)
                    .with("retryAfter", retry.toString()).toException();
        }
    }

    /**
     * Drops failures whose window has passed, so guessing random usernames from many addresses cannot grow
     * memory without bound; past {@link #MAX_TRACKED} entries even live ones go (the lockout of real accounts
     * is in the database and stays).
     */
    private void forgetExpired(Instant now, SecuritySettings settings) {
        if (unknownUsers.size() + sources.size() < MAX_TRACKED) {
            return;
        }
        Duration lockout = Duration.ofMinutes(settings.lockout_minutes());
        Duration window = Duration.ofMinutes(settings.throttle_window_minutes());
        unknownUsers.values().removeIf(failures -> expired(failures, now, lockout));
        sources.values().removeIf(failures -> expired(failures, now, window));
        if (unknownUsers.size() + sources.size() >= MAX_TRACKED) {
            unknownUsers.clear();
            sources.clear();
        }
    }

    private static boolean expired(Failures failures, Instant now, Duration window) {
        Instant end = failures.lockedUntil() != null ? failures.lockedUntil() : failures.first().plus(window);
        return now.isAfter(end);
    }

    /** One more failure within the window; past the threshold it locks for the length of the window. */
    private static Failures next(Failures failures, Instant now, Duration window, int threshold) {
        if (failures == null || now.isAfter(failures.first().plus(window))) {
            return new Failures(1, now, threshold <= 1 ? now.plus(window) : null);
        }
        int count = failures.count() + 1;
        return new Failures(count, failures.first(), count >= threshold ? now.plus(window) : null);
    }

    private static RuntimeException locked(Instant until) {
        return Problem.of(429, "account-locked", "Account locked",
                "too many failed sign-ins; try again after " + until).with("retryAfter", until.toString()).toException();
    }
}
