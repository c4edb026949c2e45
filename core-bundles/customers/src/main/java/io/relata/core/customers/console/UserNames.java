package io.relata.core.customers.console;

import java.util.HashMap;
import java.util.Map;

import io.relata.api.security.UserPrincipal;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;

/** Usernames for the user ids records carry, looked up once per command run. */
final class UserNames {

    private final Users users;
    private final Map<String, String> known = new HashMap<>();

    UserNames(Users users) {
        this.users = users;
    }

    /** @return the username; the id itself for a user that no longer exists, {@code -} for none */
    String of(String userId) {
        if (userId == null) {
            return "-";
        }
        if (UserPrincipal.SYSTEM.equals(userId)) {
            return UserPrincipal.SYSTEM;
        }
        return known.computeIfAbsent(userId, id -> users.byId(id).map(UserSummary::username).orElse(id));
    }
}
