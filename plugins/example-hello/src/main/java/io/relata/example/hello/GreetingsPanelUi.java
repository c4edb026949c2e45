package io.relata.example.hello;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.relata.api.ui.UiPanel;
import io.relata.api.ui.UiPanelDescriptor;

/** Draws {@link GreetingsPanel} in the web UI with the plugin's own script instead of core's figures and items. */
@Component
public class GreetingsPanelUi implements UiPanel {

    private final UiPanelDescriptor descriptor;

    @Activate
    public GreetingsPanelUi(BundleContext context) {
        this.descriptor = new UiPanelDescriptor(GreetingsPanel.ID,
                HelloUiResources.PATH + "/panel.js?v=" + context.getBundle().getLastModified());
    }

    @Override
    public UiPanelDescriptor descriptor() {
        return descriptor;
    }
}
