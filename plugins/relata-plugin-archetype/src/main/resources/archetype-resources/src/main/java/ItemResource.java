package ${package};

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.RestResource;
import io.relata.api.security.RequiresPermission;

/**
 * {@code /api/v1/${resourcePath}/items}. Relata signs the caller in and checks each method's permission; errors
 * become problem details; JSON is handled by Relata.
 */
@Component(service = ItemResource.class)
@RestResource
@Path("${resourcePath}/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

    @Reference
    private ItemStore store;

    @GET
    @RequiresPermission("${moduleId}.items:read")
    public Page<ItemView> list(@QueryParam("limit") String limit) {
        return Page.last(store.list(PageRequest.of(limit, null).limit()));
    }

    @POST
    @RequiresPermission("${moduleId}.items:write")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewItem request) {
        if (request == null) {
            throw Problem.validation("name", "is required").toException();
        }
        ItemView created = store.create(request.validName());
        return Response.status(Response.Status.CREATED)
                .tag(EntityTag.valueOf(new EntityVersion(created.version()).etag()))
                .entity(created).build();
    }
}
