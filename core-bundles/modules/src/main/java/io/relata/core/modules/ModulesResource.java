package io.relata.core.modules;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.module.ModuleRegistry;
import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code GET /api/v1/modules}: every module this server knows, with its state. */
@Component(service = ModulesResource.class)
@CoreRoute
@RequiresPermission("modules:read")
@Path("modules")
@Produces(MediaType.APPLICATION_JSON)
public class ModulesResource {

    @Reference
    private ModuleRegistry registry;

    /** The module list is short (tens of modules), so it is one page. */
    @GET
    public Page<ModuleView> list() {
        List<ModuleView> modules = registry.modules().stream().map(ModuleView::of).toList();
        return Page.last(modules);
    }

    @GET
    @Path("{id}")
    public ModuleView one(@PathParam("id") String id) {
        return registry.module(id).map(ModuleView::of)
                .orElseThrow(() -> Problem.notFound("no module with id " + id).toException());
    }
}
