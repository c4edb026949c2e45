package io.relata.api.ui;

import java.util.Objects;

/**
 * The script that draws one customer 360-view panel in the web UI.
 *
 * @param panelId the id of the {@link io.relata.api.customer.CustomerPanel} it draws (its {@code relata.panel.id})
 * @param script  absolute path of the ES module script on this server, e.g. {@code /plugins/example-hello/panel.js}
 * @since 1.1
 */
public record UiPanelDescriptor(String panelId, String script) {

    public UiPanelDescriptor {
        Objects.requireNonNull(panelId, "panelId");
        if (!UiModuleDescriptor.ID.matcher(panelId).matches()) {
            throw new IllegalArgumentException("panelId must be lower case letters, digits, '.' and '-': " + panelId);
        }
        UiModuleDescriptor.requireScript(script);
    }
}
