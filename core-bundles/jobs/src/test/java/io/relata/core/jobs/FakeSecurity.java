package io.relata.core.jobs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.UserPrincipal;

/** The security service as jobs use it: users bound to threads, with the permissions the test gives them. */
final class FakeSecurity implements CurrentUser, AccessControl {

    static final UserPrincipal SYSTEM = new UserPrincipal(UserPrincipal.SYSTEM, UserPrincipal.SYSTEM, "Relata", "en",
            "UTC", Set.of(), Set.of("*"), Set.of(), null, null);

    private final Map<String, UserPrincipal> users = new ConcurrentHashMap<>();
    private final ThreadLocal<Deque<UserPrincipal>> bound = ThreadLocal.withInitial(ArrayDeque::new);
    /** Permissions denied through {@link #require(String)}, as the security audit would record them. */
    final List<String> denials = Collections.synchronizedList(new ArrayList<>());

    /** Registers an active user whose id is {@code id-<username>}. */
    UserPrincipal user(String username, String... permissions) {
        UserPrincipal user = new UserPrincipal("id-" + username, username, username, "en", "UTC", Set.of(),
                Set.of(permissions), Set.of(), null, null);
        users.put(username, user);
        return user;
    }

    void disable(String username) {
        users.remove(username);
    }

    @Override
    public Optional<UserPrincipal> get() {
        return Optional.ofNullable(bound.get().peek());
    }

    @Override
    public UserPrincipal require() {
        return get().orElseThrow(() -> Problem.of(401, "unauthenticated", "Unauthenticated", "sign in")
                .toException());
    }

    @Override
    public <T> T runAs(String username, Callable<T> work) throws Exception {
        UserPrincipal user = users.get(username);
        if (user == null) {
            throw new IllegalArgumentException("no active user " + username);
        }
        return bind(user, work);
    }

    @Override
    public <T> T runAsSystem(Callable<T> work) throws Exception {
        return bind(SYSTEM, work);
    }

    @Override
    public boolean permits(String permission) {
        return get().map(user -> user.has(permission)).orElse(false);
    }

    @Override
    public void require(String permission) {
        if (!require().has(permission)) {
            denials.add(permission);
            throw Problem.of(403, "forbidden", "Forbidden", "this needs the permission " + permission).toException();
        }
    }

    @Override
    public DataScope scope(String recordType) {
        return permits("*") ? DataScope.all() : DataScope.none();
    }

    private <T> T bind(UserPrincipal user, Callable<T> work) throws Exception {
        bound.get().push(user);
        try {
            return work.call();
        } finally {
            bound.get().pop();
        }
    }
}
