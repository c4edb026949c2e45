package io.relata.api.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One page of the web UI contributed by a module.
 *
 * @param id         unique id, lower case, e.g. {@code example-hello.greetings}
 * @param titles     the navigation entry's title per language tag; {@code en} is required, {@code zh-CN} expected
 * @param route      the page's path in the app, e.g. {@code /hello}: lower case letters, digits, '-' and '/';
 *                   the paths of core pages ({@link #CORE_ROUTES}, and everything below them) are not available
 * @param order      position in the navigation, lower first; core pages use 0 to 99
 * @param permission the permission a user needs to see the page, or {@code null} for every signed-in user
 * @param script     absolute path of the ES module script on this server, e.g. {@code /plugins/example-hello/hello.js}
 */
public record UiModuleDescriptor(String id, Map<String, String> titles, String route, int order, String permission,
                                 String script) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,99}");
    private static final Pattern ROUTE = Pattern.compile("(/[a-z0-9][a-z0-9-]*)+");
    private static final Pattern SCRIPT = Pattern.compile("/[A-Za-z0-9._~/-]+\\.m?js(\\?[A-Za-z0-9._=&-]*)?");

    /** The first segments of the core pages' paths: a module's route may not start with one of them. */
    public static final Set<String> CORE_ROUTES = Set.of("/login", "/customers", "/contacts", "/pool", "/leads",
            "/import", "/activities", "/notifications", "/profile", "/admin", "/dashboard");

    public UiModuleDescriptor {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be lower case letters, digits, '.' and '-': " + id);
        }
        titles = Map.copyOf(Objects.requireNonNull(titles, "titles"));
        if (titles.get("en") == null || titles.get("en").isBlank()) {
            throw new IllegalArgumentException("an English title (\"en\") is required");
        }
        Objects.requireNonNull(route, "route");
        if (!ROUTE.matcher(route).matches() || CORE_ROUTES.contains(route.replaceFirst("^(/[^/]+).*$", "$1"))) {
            throw new IllegalArgumentException("route must look like /name or /name/sub, and not be a core page: "
                    + route);
        }
        requireScript(script);
        if (permission != null && permission.isBlank()) {
            permission = null;
        }
    }

    static void requireScript(String script) {
        Objects.requireNonNull(script, "script");
        if (!SCRIPT.matcher(script).matches() || script.contains("..") || script.startsWith("//")) {
            throw new IllegalArgumentException("script must be an absolute path on this server ending in .js: "
                    + script);
        }
    }

    /** @return the title in this language, else in English */
    public String title(String languageTag) {
        return titles.getOrDefault(languageTag, titles.get("en"));
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds a descriptor; {@link #build()} validates it. */
    public static final class Builder {
        private final String id;
        private final Map<String, String> titles = new LinkedHashMap<>();
        private String route;
        private int order = 500;
        private String permission;
        private String script;

        private Builder(String id) {
            this.id = id;
        }

        /** @param languageTag {@code en} or {@code zh-CN} */
        public Builder title(String languageTag, String title) {
            titles.put(languageTag, title);
            return this;
        }

        public Builder route(String route) {
            this.route = route;
            return this;
        }

        /** @param order position in the navigation, lower first; default 500 */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        public Builder permission(String permission) {
            this.permission = permission;
            return this;
        }

        public Builder script(String script) {
            this.script = script;
            return this;
        }

        public UiModuleDescriptor build() {
            return new UiModuleDescriptor(id, titles, route, order, permission, script);
        }
    }
}
