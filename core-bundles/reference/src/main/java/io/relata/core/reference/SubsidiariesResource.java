package io.relata.core.reference;

import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.reference.Subsidiary;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/subsidiaries}: every signed-in user reads them, reference data administrators change them. */
@Component(service = SubsidiariesResource.class)
@CoreRoute
@Path("subsidiaries")
@Produces(MediaType.APPLICATION_JSON)
public class SubsidiariesResource {

    @Reference
    private JdbcSubsidiaries subsidiaries;

    /** By name; an organisation has too few subsidiaries to page through. */
    @GET
    public Page<Views.SubsidiaryView> list() {
        return Page.last(subsidiaries.list().stream().map(Views.SubsidiaryView::of).toList());
    }

    @GET
    @Path("{id}")
    public Response one(@PathParam("id") String id) {
        Subsidiary subsidiary = subsidiaries.find(id).orElseThrow(() -> JdbcSubsidiaries.notFound(id));
        return withTag(Response.ok(Views.SubsidiaryView.of(subsidiary)), subsidiary).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("reference-data:write")
    public Response create(Views.SubsidiaryChanges request) {
        if (request == null) {
            throw Problem.validation("name", "is required").toException();
        }
        Subsidiary created = subsidiaries.create(request.toFields());
        return withTag(Response.created(URI.create("subsidiaries/" + created.id()))
                .entity(Views.SubsidiaryView.of(created)), created).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RequiresPermission("reference-data:write")
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           MergePatch patch) {
        Subsidiary current = subsidiaries.find(id).orElseThrow(() -> JdbcSubsidiaries.notFound(id));
        new EntityVersion(current.version()).requireMatch(ifMatch);
        Views.SubsidiaryChanges changed = patch.applyTo(Views.SubsidiaryChanges.of(current),
                Views.SubsidiaryChanges.class);
        Subsidiary updated = subsidiaries.update(id, current.version(), changed.toFields());
        return withTag(Response.ok(Views.SubsidiaryView.of(updated)), updated).build();
    }

    /** Refused with 409 while other subsidiaries are below it. */
    @DELETE
    @Path("{id}")
    @RequiresPermission("reference-data:write")
    public Response delete(@PathParam("id") String id) {
        subsidiaries.delete(id);
        return Response.noContent().build();
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder response, Subsidiary subsidiary) {
        return response.tag(EntityTag.valueOf(new EntityVersion(subsidiary.version()).etag()));
    }
}
