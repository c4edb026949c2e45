package io.relata.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.relata.api.ui.UiPanel;
import io.relata.api.ui.UiPanelDescriptor;

class UiPanelsResourceTest {

    private static UiPanel panel(String panelId, String script) {
        UiPanelDescriptor descriptor = new UiPanelDescriptor(panelId, script);
        return () -> descriptor;
    }

    @Test
    void onePanelScriptPerPanelByIdAndAFailingOneIsLeftOut() {
        UiPanelsResource resource = new UiPanelsResource();
        UiPanel first = panel("sales.deals", "/plugins/sales/deals-panel.js");
        resource.addPanel(first);
        resource.addPanel(panel("sales.deals", "/plugins/other/deals-panel.js"));
        resource.addPanel(panel("hello.greetings", "/plugins/hello/panel.js"));
        resource.addPanel(() -> {
            throw new IllegalStateException("broken plugin");
        });

        assertThat(resource.current()).extracting(UiPanelDescriptor::panelId)
                .containsExactly("hello.greetings", "sales.deals");
        assertThat(resource.current().get(1).script()).isEqualTo("/plugins/sales/deals-panel.js");

        resource.removePanel(first);
        assertThat(resource.current().get(1).script()).as("the other contribution takes over")
                .isEqualTo("/plugins/other/deals-panel.js");
    }
}
