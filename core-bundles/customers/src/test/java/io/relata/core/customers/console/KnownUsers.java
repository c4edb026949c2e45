package io.relata.core.customers.console;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;

/** A stand-in for the security module's {@link Users} that knows a fixed set of users and nothing else. */
final class KnownUsers {

    private KnownUsers() {
    }

    /** @param usernamesById the users it knows */
    static Users of(Map<String, String> usernamesById) {
        return (Users) Proxy.newProxyInstance(Users.class.getClassLoader(), new Class<?>[] {Users.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "byId" -> summary(usernamesById, (String) arguments[0]);
                    case "byUsername" -> usernamesById.entrySet().stream()
                            .filter(user -> user.getValue().equals(arguments[0])).findFirst()
                            .flatMap(user -> summary(usernamesById, user.getKey()));
                    case "toString" -> "KnownUsers" + usernamesById;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> throw new UnsupportedOperationException("the console commands do not need "
                            + method.getName());
                });
    }

    private static Optional<UserSummary> summary(Map<String, String> usernamesById, String id) {
        String username = usernamesById.get(id);
        return username == null ? Optional.empty() : Optional.of(new UserSummary(id, username, username, null, true));
    }
}
