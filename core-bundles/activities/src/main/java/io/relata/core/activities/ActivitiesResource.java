package io.relata.core.activities;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/activities}: calls, e-mails, meetings, tasks, notes and visits, seen through their owners. */
@Component(service = ActivitiesResource.class)
@CoreRoute
@Path("activities")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("activities:write")
public class ActivitiesResource {

    @Reference
    private ActivityStore store;

    /** Visible activities, newest first; filters: type, status, owner, linked, from, to, q. */
    @GET
    @RequiresPermission("activities:read")
    public Page<Activity> list(@Context UriInfo uri, @QueryParam("limit") String limit,
                               @QueryParam("cursor") String cursor) {
        Map<String, String> parameters = new HashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (ActivityQuery.PARAMETERS.contains(name) && !values.isEmpty()) {
                parameters.put(name, values.get(0));
            }
        });
        return store.list(ActivityQuery.parse(parameters), PageRequest.of(limit, cursor));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ActivityFields request) {
        if (request == null) {
            throw Problem.validation("type", "is required").toException();
        }
        Activity created = store.create(request);
        return Response.created(URI.create("activities/" + created.id())).tag(etag(created)).entity(created).build();
    }

    @GET
    @Path("{id}")
    @RequiresPermission("activities:read")
    public Response one(@PathParam("id") String id) {
        Activity activity = store.find(id).orElseThrow(() -> ActivityStore.notFound(id));
        return Response.ok(activity).tag(etag(activity)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           MergePatch patch) {
        if (patch == null) {
            throw Problem.badRequest("the body must be a JSON merge patch").toException();
        }
        Activity changed = store.change(id, ifMatch, current -> patch.applyTo(current, ActivityFields.class));
        return Response.ok(changed).tag(etag(changed)).build();
    }

    /** Moves the activity to the recycle bin. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        store.delete(id, ifMatch);
        return Response.noContent().build();
    }

    private static EntityTag etag(Activity activity) {
        return EntityTag.valueOf(new EntityVersion(activity.version()).etag());
    }
}
