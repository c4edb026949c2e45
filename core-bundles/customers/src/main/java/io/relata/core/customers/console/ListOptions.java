package io.relata.core.customers.console;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.customer.LifecycleStage;

/**
 * The options of {@code relata:customer-list}, checked up front so a typo is one line naming the option.
 *
 * @param q       search text, or {@code null}
 * @param owner   a user id, {@code me} or {@code none}; or {@code null} for any owner
 * @param stage   the lifecycle stage, or {@code null} for any
 * @param limit   how many customers to print at most
 */
record ListOptions(String q, String owner, LifecycleStage stage, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    /** As the REST list allows. */
    private static final int MAX_SEARCH = 100;
    private static final List<String> NAMES = List.of("q", "owner", "stage", "limit");

    /**
     * @param userIds finds the id of a user given by username or id, so admins can write {@code --owner=a.rep}
     */
    static ListOptions parse(CommandInvocation invocation, Function<String, Optional<String>> userIds) {
        for (String name : NAMES) {
            if (invocation.flag(name)) {
                throw new CommandFailedException("--" + name + " needs a value: --" + name + "=<value>");
            }
        }
        if (!invocation.arguments().isEmpty()) {
            String first = invocation.arguments().get(0);
            throw new CommandFailedException("unexpected argument '" + first + "'; options take their value after"
                    + " '=', e.g. --q=" + first);
        }
        String q = value(invocation, "q");
        if (q != null && q.length() > MAX_SEARCH) {
            throw new CommandFailedException("--q must be at most " + MAX_SEARCH + " characters");
        }
        String owner = value(invocation, "owner");
        if (owner != null && !owner.equals("me") && !owner.equals("none")) {
            String given = owner;
            owner = userIds.apply(given).orElseThrow(() -> new CommandFailedException("--owner: no user " + given
                    + "; give a username, a user id, me or none"));
        }
        return new ListOptions(q, owner, stage(value(invocation, "stage")), limit(value(invocation, "limit")));
    }

    /** @return the filters as {@code GET /api/v1/customers} takes them, so the console lists what the API would */
    Map<String, String> filters() {
        Map<String, String> filters = new HashMap<>();
        if (q != null) {
            filters.put("q", q);
        }
        if (owner != null) {
            filters.put("owner", owner);
        }
        if (stage != null) {
            filters.put("stage", stage.name());
        }
        return filters;
    }

    private static String value(CommandInvocation invocation, String name) {
        return invocation.option(name).map(String::strip).filter(value -> !value.isEmpty()).orElse(null);
    }

    private static LifecycleStage stage(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LifecycleStage.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException("--stage must be one of " + Arrays.stream(LifecycleStage.values())
                    .map(stage -> stage.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, as a number out of range is
        }
        throw new CommandFailedException("--limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
