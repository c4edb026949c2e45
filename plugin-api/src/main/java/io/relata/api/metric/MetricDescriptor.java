package io.relata.api.metric;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the dashboard lists about a metric before computing it.
 *
 * @param id          unique, lower case and dotted, starting with the module id, e.g. {@code core.customers-by-stage}
 * @param titles      the card's title per language tag; {@code en} is required, {@code zh-CN} expected
 * @param kind        how to draw it
 * @param permission  the permission a user needs to see it, or {@code null} for every signed-in user
 * @param order       position on the dashboard, lower first; core's metrics use 0 to 99
 * @param defaultWeeks for metrics over a period: the weeks shown unless the user picks others; 0 when the
 *                    metric has no period (the UI then offers no period selector)
 * @param pointKeys   what the points' keys are, so the UI can translate them: {@code week} (ISO date of a
 *                    Monday), {@code customer.stage}, {@code lead.status}, {@code activity.type}; or {@code null}
 *                    when the points carry their own labels
 * @param seriesKeys  the same for the series' keys
 */
public record MetricDescriptor(String id, Map<String, String> titles, ChartKind kind, String permission, int order,
                               int defaultWeeks, String pointKeys, String seriesKeys) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");
    private static final Pattern ROUTE = Pattern.compile("/[A-Za-z0-9._~/?=&%:,+-]*");
    private static final Pattern KEYS = Pattern.compile("[a-z][a-z0-9.-]{0,59}");

    public MetricDescriptor {
        Objects.requireNonNull(id, "id");
        if (id.length() > 100 || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be lower case and dotted, e.g. acme.orders-by-status: " + id);
        }
        titles = Map.copyOf(Objects.requireNonNull(titles, "titles"));
        if (titles.get("en") == null || titles.get("en").isBlank()) {
            throw new IllegalArgumentException("an English title (\"en\") is required");
        }
        Objects.requireNonNull(kind, "kind");
        if (permission != null && permission.isBlank()) {
            permission = null;
        }
        if (defaultWeeks < 0 || defaultWeeks > MetricRequest.MAX_WEEKS) {
            throw new IllegalArgumentException("defaultWeeks must be between 0 and " + MetricRequest.MAX_WEEKS);
        }
        checkKeys(pointKeys);
        checkKeys(seriesKeys);
    }

    /** @return the title in this language, else in English */
    public String title(String languageTag) {
        return titles.getOrDefault(languageTag, titles.get("en"));
    }

    /** @return whether the metric covers a period the user may choose */
    public boolean periodic() {
        return defaultWeeks > 0;
    }

    public static Builder builder(String id, ChartKind kind) {
        return new Builder(id, kind);
    }

    /** A route of the web UI: an absolute path with an optional query, never another origin. */
    static String checkedRoute(String route) {
        if (route == null) {
            return null;
        }
        if (!ROUTE.matcher(route).matches() || route.startsWith("//") || route.length() > 500) {
            throw new IllegalArgumentException("link must be a route such as /customers?stage=PROSPECT: " + route);
        }
        return route;
    }

    private static void checkKeys(String keys) {
        if (keys != null && !KEYS.matcher(keys).matches()) {
            throw new IllegalArgumentException("not a kind of key: " + keys);
        }
    }

    /** Builds a descriptor; {@link #build()} validates it. */
    public static final class Builder {
        private final String id;
        private final ChartKind kind;
        private final Map<String, String> titles = new LinkedHashMap<>();
        private String permission;
        private int order = 500;
        private int defaultWeeks;
        private String pointKeys;
        private String seriesKeys;

        private Builder(String id, ChartKind kind) {
            this.id = id;
            this.kind = kind;
        }

        /** @param languageTag {@code en} or {@code zh-CN} */
        public Builder title(String languageTag, String title) {
            titles.put(languageTag, title);
            return this;
        }

        public Builder permission(String permission) {
            this.permission = permission;
            return this;
        }

        /** @param order position on the dashboard, lower first; default 500 */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /** Makes the metric periodic: it shows this many weeks unless the user picks others. */
        public Builder weeks(int defaultWeeks) {
            this.defaultWeeks = defaultWeeks;
            return this;
        }

        public Builder pointKeys(String pointKeys) {
            this.pointKeys = pointKeys;
            return this;
        }

        public Builder seriesKeys(String seriesKeys) {
            this.seriesKeys = seriesKeys;
            return this;
        }

        public MetricDescriptor build() {
            return new MetricDescriptor(id, titles, kind, permission, order, defaultWeeks, pointKeys, seriesKeys);
        }
    }
}
