package io.relata.core.customers.overview;

import java.util.List;
import java.util.Map;

import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerPanel;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.customer.RecordLink;

/**
 * A customer's 360 view, as {@code GET /api/v1/customers/{id}/overview} answers it.
 *
 * @param customer the customer
 * @param path     its ancestors the caller may see, from the top of the hierarchy down to the parent
 * @param rollup   counts over the customer and every customer below it that the caller may see
 * @param panels   the modules' panels, by order
 */
public record CustomerOverview(Customer customer, List<PathStep> path, Rollup rollup, List<PanelView> panels) {

    public CustomerOverview {
        path = List.copyOf(path);
        panels = List.copyOf(panels);
    }

    /** One ancestor, enough to show a breadcrumb and link to it. */
    public record PathStep(String id, String name) {
    }

    /**
     * @param customers the customer and the visible customers below it
     * @param contacts  the live contacts of those customers; {@code null} without {@code contacts:read}
     * @param stages    how many of those customers are in each lifecycle stage, every stage listed
     */
    public record Rollup(long customers, Long contacts, Map<LifecycleStage, Long> stages) {
    }

    /**
     * One panel: its content, or the error that took its place.
     *
     * @param id      the panel's {@code relata.panel.id}
     * @param order   its {@code relata.panel.order}
     * @param title   its title by language tag; {@code null} when it failed
     * @param figures its counts and amounts; empty when it failed
     * @param items   its records; empty when it failed
     * @param error   why the panel is missing, for a person; {@code null} when it rendered
     */
    public record PanelView(String id, int order, Map<String, String> title, List<CustomerPanel.Figure> figures,
                            List<RecordLink> items, String error) {

        static PanelView of(String id, int order, CustomerPanel.Content content) {
            return new PanelView(id, order, content.title(), limit(content.figures(),
                    CustomerPanel.Content.MAX_FIGURES), limit(content.items(), CustomerPanel.Content.MAX_ITEMS),
                    null);
        }

        static PanelView failed(String id, int order, String error) {
            return new PanelView(id, order, null, List.of(), List.of(), error);
        }

        private static <T> List<T> limit(List<T> values, int max) {
            return values.size() <= max ? values : List.copyOf(values.subList(0, max));
        }
    }
}
