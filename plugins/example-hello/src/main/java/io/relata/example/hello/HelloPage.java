package io.relata.example.hello;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.relata.api.ui.UiModule;
import io.relata.api.ui.UiModuleDescriptor;

/**
 * The plugin's page in the web UI: a "Greetings" entry in the navigation for users who may read greetings. The
 * script is served by {@link HelloUiResources}; its URL carries the bundle's install time, so browsers fetch it
 * again after the plugin is updated.
 */
@Component
public class HelloPage implements UiModule {

    private final UiModuleDescriptor descriptor;

    @Activate
    public HelloPage(BundleContext context) {
        this.descriptor = UiModuleDescriptor.builder("example-hello.greetings")
                .title("en", "Greetings")
                .title("zh-CN", "问候")
                .route("/hello")
                .order(500)
                .permission("hello.greetings:read")
                .script(HelloUiResources.PATH + "/hello.js?v=" + context.getBundle().getLastModified())
                .build();
    }

    @Override
    public UiModuleDescriptor descriptor() {
        return descriptor;
    }
}
