package io.relata.api.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UiModuleDescriptorTest {

    private static UiModuleDescriptor.Builder valid() {
        return UiModuleDescriptor.builder("example-hello.greetings").title("en", "Greetings").title("zh-CN", "问候")
                .route("/hello").permission("hello.greetings:read").script("/plugins/example-hello/hello.js?v=3");
    }

    @Test
    void buildsWithTitlesPerLanguage() {
        UiModuleDescriptor descriptor = valid().order(510).build();
        assertThat(descriptor.title("zh-CN")).isEqualTo("问候");
        assertThat(descriptor.title("fr")).isEqualTo("Greetings");
        assertThat(descriptor.order()).isEqualTo(510);
    }

    @Test
    void refusesWhatTheShellCannotUse() {
        assertThatThrownBy(() -> UiModuleDescriptor.builder("Bad Id").title("en", "x").route("/x").script("/x.js")
                .build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> valid().title("en", " ").build()).hasMessageContaining("English");
        assertThatThrownBy(() -> valid().route("/customers/x").build()).hasMessageContaining("route");
        assertThatThrownBy(() -> valid().route("hello").build()).hasMessageContaining("route");
        for (String core : UiModuleDescriptor.CORE_ROUTES) {
            assertThatThrownBy(() -> valid().route(core).build()).as(core).hasMessageContaining("route");
            assertThatThrownBy(() -> valid().route(core + "/x").build()).as(core).hasMessageContaining("route");
        }
        assertThat(valid().route("/leads-extra").build().route()).as("only whole segments are taken")
                .isEqualTo("/leads-extra");
        assertThatThrownBy(() -> valid().script("https://evil.example/x.js").build()).hasMessageContaining("script");
        assertThatThrownBy(() -> valid().script("//evil.example/x.js").build()).hasMessageContaining("script");
        assertThatThrownBy(() -> valid().script("/plugins/../x.js").build()).hasMessageContaining("script");
        assertThatThrownBy(() -> valid().script("javascript:alert(1)").build()).hasMessageContaining("script");
    }

    @Test
    void aPanelScriptNamesAPanelAndAScriptOfThisServer() {
        UiPanelDescriptor panel = new UiPanelDescriptor("example-hello.greetings", "/plugins/example-hello/panel.js?v=1");
        assertThat(panel.panelId()).isEqualTo("example-hello.greetings");
        assertThatThrownBy(() -> new UiPanelDescriptor("Greetings", "/plugins/x/panel.js"))
                .hasMessageContaining("panelId");
        assertThatThrownBy(() -> new UiPanelDescriptor("x.panel", "https://evil.example/panel.js"))
                .hasMessageContaining("script");
        assertThatThrownBy(() -> new UiPanelDescriptor("x.panel", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void blankPermissionMeansEverySignedInUser() {
        assertThat(valid().permission(" ").build().permission()).isNull();
    }
}
