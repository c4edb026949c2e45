package io.relata.api.customer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

import io.relata.api.money.Money;

/**
 * A panel of a customer's 360 view ({@code GET /api/v1/customers/{id}/overview}): what one module knows about the
 * customer and the customers below it — open deals, tickets, invoices. Register it as a whiteboard service with
 * the service properties {@value #ID} and, optionally, {@value #ORDER}; {@link CustomerPanelSpec} sets both:
 * <pre>{@code
 * @Component
 * @CustomerPanelSpec(id = "sales.opportunities", order = 300)
 * public class OpportunitiesPanel implements CustomerPanel { ... }
 * }</pre>
 * Panels may come and go at any time; the view shows those registered when it is asked for, by order, then id.
 *
 * <p>Core calls {@link #render} on a worker thread bound to the caller (so {@code CurrentUser}, data scopes and
 * permissions are the caller's), outside any transaction, and waits a limited time (2 seconds unless the
 * administrator changed it) for all panels together. A panel that throws or is not done in time does not break
 * the view: it is listed with an {@code error} instead of its content, and logged as a warning. It must not
 * change anything.
 */
@ConsumerType
@FunctionalInterface
public interface CustomerPanel {

    /** Service property: the panel's id, lower case and dotted, e.g. {@code sales.opportunities}. Required. */
    String ID = "relata.panel.id";

    /** Service property: where the panel goes, lower first; core's own panels use 100 and 200. */
    String ORDER = "relata.panel.order";

    /** The order of a panel registered without {@value #ORDER}. */
    int DEFAULT_ORDER = 1000;

    /**
     * @return what to show, or empty when the panel has nothing for this customer or this caller (e.g. the caller
     *         lacks the module's read permission)
     * @throws Exception when the panel cannot be shown; the view lists it with an error and goes on
     */
    Optional<Content> render(Request request) throws Exception;

    /**
     * @param en   the English text
     * @param zhCN the Simplified Chinese text, or {@code null} to show the English one
     * @return the text by language tag, as titles and labels take it
     */
    static Map<String, String> text(String en, String zhCN) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("en", en);
        if (zhCN != null) {
            text.put("zh-CN", zhCN);
        }
        return Collections.unmodifiableMap(text);
    }

    /**
     * The customer a panel is asked about.
     *
     * @param customer   the customer, visible to the caller
     * @param subtreeIds the customer's id first, then the ids of the live customers below it, however deep, that
     *                   the caller may see; a hidden customer's visible descendants are included. Roll figures up
     *                   over these ids — in batches of at most 1000 per SQL {@code IN} list — and still apply the
     *                   caller's scope to the panel's own records
     */
    record Request(Customer customer, Set<String> subtreeIds) {

        public Request {
            Objects.requireNonNull(customer, "customer");
            subtreeIds = Collections.unmodifiableSet(new LinkedHashSet<>(subtreeIds == null ? Set.of() : subtreeIds));
        }
    }

    /**
     * What a panel shows. Core shows the first {@value #MAX_FIGURES} figures and the first {@value #MAX_ITEMS}
     * items.
     *
     * @param title   the panel's title by language tag ({@code en} required, {@code zh-CN} recommended)
     * @param figures counts and amounts, in the order to show them
     * @param items   a short list of records to show, e.g. the newest open deals
     */
    record Content(Map<String, String> title, List<Figure> figures, List<RecordLink> items) {

        public static final int MAX_FIGURES = 12;
        public static final int MAX_ITEMS = 10;

        public Content {
            title = requireText(title, "title");
            figures = List.copyOf(figures == null ? List.of() : figures);
            items = List.copyOf(items == null ? List.of() : items);
        }

        /** Starts a panel's content with its title in English and Simplified Chinese. */
        public static Builder titled(String en, String zhCN) {
            return new Builder(text(en, zhCN));
        }

        /** Collects a panel's figures and items. */
        public static final class Builder {
            private final Map<String, String> title;
            private final List<Figure> figures = new ArrayList<>();
            private final List<RecordLink> items = new ArrayList<>();

            private Builder(Map<String, String> title) {
                this.title = requireText(title, "title");
            }

            public Builder count(String key, String en, String zhCN, long count) {
                figures.add(Figure.count(key, text(en, zhCN), count));
                return this;
            }

            public Builder amount(String key, String en, String zhCN, Money amount) {
                figures.add(Figure.amount(key, text(en, zhCN), amount));
                return this;
            }

            public Builder item(RecordLink item) {
                items.add(Objects.requireNonNull(item, "item"));
                return this;
            }

            public Content build() {
                return new Content(title, figures, items);
            }
        }
    }

    /**
     * One number of a panel: a count or an amount of money, never both.
     *
     * @param key    what it counts, stable for clients, e.g. {@code open}
     * @param label  what a person reads, by language tag ({@code en} required)
     * @param count  the count, or {@code null} for an amount
     * @param amount the amount, or {@code null} for a count
     */
    record Figure(String key, Map<String, String> label, Long count, Money amount) {

        public Figure {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a figure needs a key");
            }
            label = requireText(label, "label of figure " + key);
            if ((count == null) == (amount == null)) {
                throw new IllegalArgumentException("figure " + key + " is either a count or an amount");
            }
        }

        public static Figure count(String key, Map<String, String> label, long count) {
            return new Figure(key, label, count, null);
        }

        public static Figure amount(String key, Map<String, String> label, Money amount) {
            return new Figure(key, label, null, Objects.requireNonNull(amount, "amount"));
        }
    }

    private static Map<String, String> requireText(Map<String, String> text, String what) {
        if (text == null || text.get("en") == null || text.get("en").isBlank()) {
            throw new IllegalArgumentException("the " + what + " needs an English text");
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(text));
    }
}
