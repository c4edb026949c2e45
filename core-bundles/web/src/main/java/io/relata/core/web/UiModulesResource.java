package io.relata.core.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import io.relata.api.security.UserPrincipal;
import io.relata.api.ui.UiModule;
import io.relata.api.ui.UiModuleDescriptor;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/ui/modules}: the pages installed plugins contribute to the web UI right now, those the caller
 * may use, in navigation order. Plugins come and go at any time; the shell asks again when the user navigates.
 */
@Component(service = UiModulesResource.class)
@CoreRoute
@Path("ui/modules")
@Produces(MediaType.APPLICATION_JSON)
public class UiModulesResource {

    private static final Logger LOG = LoggerFactory.getLogger(UiModulesResource.class);

    /** What the shell reads: the descriptor as JSON. */
    public record UiModuleView(String id, Map<String, String> titles, String route, int order, String permission,
                               String script) {
        static UiModuleView of(UiModuleDescriptor descriptor) {
            return new UiModuleView(descriptor.id(), descriptor.titles(), descriptor.route(), descriptor.order(),
                    descriptor.permission(), descriptor.script());
        }
    }

    private final List<UiModule> modules = new CopyOnWriteArrayList<>();

    @Reference
    private CurrentUser currentUser;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addModule(UiModule module) {
        modules.add(module);
    }

    void removeModule(UiModule module) {
        modules.remove(module);
    }

    public UiModulesResource() {
    }

    UiModulesResource(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @GET
    public Response list() {
        UserPrincipal user = currentUser.require();
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(Page.last(visibleTo(user))).cacheControl(noStore).build();
    }

    List<UiModuleView> visibleTo(UserPrincipal user) {
        Map<String, UiModuleView> byId = new java.util.TreeMap<>();
        for (UiModule module : modules) {
            UiModuleDescriptor descriptor;
            try {
                descriptor = module.descriptor();
            } catch (RuntimeException failed) {
                LOG.warn("UI module {} failed to describe itself: {}", module.getClass().getName(), failed.toString());
                continue;
            }
            if (descriptor == null || (descriptor.permission() != null && !user.has(descriptor.permission()))) {
                continue;
            }
            byId.putIfAbsent(descriptor.id(), UiModuleView.of(descriptor));
        }
        return byId.values().stream()
                .sorted(Comparator.comparingInt(UiModuleView::order).thenComparing(UiModuleView::id))
                .toList();
    }
}
