package io.relata.core.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.rest.Page;
import io.relata.api.security.CurrentUser;
import io.relata.api.ui.UiPanel;
import io.relata.api.ui.UiPanelDescriptor;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/ui/panels}: the scripts installed modules draw their customer 360-view panels with. Whether a
 * panel shows at all is the panel's own decision ({@code /customers/{id}/overview}); this only says how.
 */
@Component(service = UiPanelsResource.class)
@CoreRoute
@Path("ui/panels")
@Produces(MediaType.APPLICATION_JSON)
public class UiPanelsResource {

    private static final Logger LOG = LoggerFactory.getLogger(UiPanelsResource.class);

    private final List<UiPanel> panels = new CopyOnWriteArrayList<>();

    @Reference
    private CurrentUser currentUser;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPanel(UiPanel panel) {
        panels.add(panel);
    }

    void removePanel(UiPanel panel) {
        panels.remove(panel);
    }

    @GET
    public Response list() {
        currentUser.require();
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(Page.last(current())).cacheControl(noStore).build();
    }

    /** One script per panel id (the first registered wins), by panel id; a failing contribution is left out. */
    List<UiPanelDescriptor> current() {
        Map<String, UiPanelDescriptor> byPanel = new TreeMap<>();
        for (UiPanel panel : panels) {
            try {
                UiPanelDescriptor descriptor = panel.descriptor();
                if (descriptor != null) {
                    byPanel.putIfAbsent(descriptor.panelId(), descriptor);
                }
            } catch (RuntimeException failed) {
                LOG.warn("UI panel {} failed to describe itself: {}", panel.getClass().getName(), failed.toString());
            }
        }
        return List.copyOf(byPanel.values());
    }
}
