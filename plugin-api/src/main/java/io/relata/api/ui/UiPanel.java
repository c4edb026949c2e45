package io.relata.api.ui;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a customer 360-view panel looks in the web UI. A module that contributes a
 * {@link io.relata.api.customer.CustomerPanel} gets it drawn by core from its figures and items; to draw it
 * itself (a chart, a small form), it also registers a service of this type naming the panel and an ES module
 * script that exports {@code mountPanel(container, ctx, panel)}, where {@code panel} is the panel as
 * {@code GET /api/v1/customers/{id}/overview} returns it and {@code ctx} is what a page's {@code mount} gets plus
 * {@code customerId}. When the script fails to load or throws, the shell falls back to core's drawing.
 *
 * <pre>{@code
 * @Component
 * public class GreetingsPanelUi implements UiPanel {
 *     public UiPanelDescriptor descriptor() {
 *         return new UiPanelDescriptor("example-hello.greetings", "/plugins/example-hello/panel.js");
 *     }
 * }
 * }</pre>
 *
 * @since 1.1
 */
@ConsumerType
public interface UiPanel {

    /** @return the panel it draws and the script; cheap, never failing, the same value every time. */
    UiPanelDescriptor descriptor();
}
