package io.relata.core.notifications;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import io.relata.api.rest.Problem;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;

/** The current user as the security module would give it, fixed for the whole test. */
final class SignedIn implements CurrentUser {

    private final UserPrincipal principal;

    private SignedIn(UserPrincipal principal) {
        this.principal = principal;
    }

    /** A user without any permission: the notifications need none. */
    static SignedIn as(String id) {
        return new SignedIn(new UserPrincipal(id, "name-" + id, "name-" + id, "en", "UTC", Set.of(), Set.of(),
                Set.of(), null, null));
    }

    static SignedIn nobody() {
        return new SignedIn(null);
    }

    @Override
    public Optional<UserPrincipal> get() {
        return Optional.ofNullable(principal);
    }

    @Override
    public UserPrincipal require() {
        return get().orElseThrow(() -> Problem.of(401, "unauthenticated", "Unauthenticated", "sign in first")
                .toException());
    }

    @Override
    public <T> T runAs(String username, Callable<T> work) {
        throw new UnsupportedOperationException("the notifications never switch users");
    }

    @Override
    public <T> T runAsSystem(Callable<T> work) {
        throw new UnsupportedOperationException("the notifications never switch users");
    }
}
