package io.relata.example.hello;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customer.CustomerPanel;
import io.relata.api.customer.CustomerPanelSpec;
import io.relata.api.security.AccessControl;

/**
 * A panel on every customer's 360 view: how many greetings the caller may see. It shows how a module adds a panel
 * ({@link CustomerPanel}) and draws it itself in the browser ({@link GreetingsPanelUi}).
 */
@Component
@CustomerPanelSpec(id = GreetingsPanel.ID, order = 900)
public class GreetingsPanel implements CustomerPanel {

    static final String ID = "example-hello.greetings";

    private final GreetingStore store;
    private final AccessControl access;

    @Activate
    public GreetingsPanel(@Reference GreetingStore store, @Reference AccessControl access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public Optional<Content> render(Request request) {
        if (!access.permits("hello.greetings:read")) {
            return Optional.empty();
        }
        return Optional.of(Content.titled("Greetings", "问候")
                .count("total", "Greetings you can see", "你可见的问候", store.count())
                .build());
    }
}
