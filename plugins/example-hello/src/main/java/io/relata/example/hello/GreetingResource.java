package io.relata.example.hello;

import java.net.URI;
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
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.RestResource;
import io.relata.api.security.RequiresPermission;

/**
 * {@code /api/v1/hello}: the plugin's REST resource, following every Relata convention: JSON bodies, cursor
 * pages, ETag on read, merge patch with If-Match, delete into the recycle bin, problems for bad input, a
 * permission on every method.
 */
@Component(service = GreetingResource.class)
@RestResource
@Path("hello")
@Produces(MediaType.APPLICATION_JSON)
public class GreetingResource {

    @Reference
    private GreetingStore store;

    @Reference
    private RecentEvents recentEvents;

    @GET
    @RequiresPermission("hello.greetings:read")
    public Map<String, Object> hello() {
        return Map.of("message", "Hello from a Relata plugin", "greetings", store.count());
    }

    @GET
    @Path("greetings")
    @RequiresPermission("hello.greetings:read")
    public Page<GreetingView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return store.list(PageRequest.of(limit, cursor));
    }

    @POST
    @Path("greetings")
    @RequiresPermission("hello.greetings:write")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(GreetingChanges request) {
        if (request == null) {
            throw Problem.validation("name", "is required").toException();
        }
        GreetingView created = store.create(request);
        // relative to the application's base, /api/v1/
        URI location = UriBuilder.fromPath("hello/greetings/{id}").build(created.id());
        return Response.created(location).tag(etag(created)).entity(created).build();
    }

    @GET
    @Path("greetings/{id}")
    @RequiresPermission("hello.greetings:read")
    public Response one(@PathParam("id") String id) {
        GreetingView greeting = store.find(id)
                .orElseThrow(() -> Problem.notFound("no greeting with id " + id).toException());
        return Response.ok(greeting).tag(etag(greeting)).build();
    }

    @PATCH
    @Path("greetings/{id}")
    @RequiresPermission("hello.greetings:write")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           MergePatch patch) {
        GreetingView changed = store.change(id, ifMatch, current -> patch.applyTo(current, GreetingChanges.class));
        return Response.ok(changed).tag(etag(changed)).build();
    }

    @DELETE
    @Path("greetings/{id}")
    @RequiresPermission("hello.greetings:write")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        store.delete(id, ifMatch);
        return Response.noContent().build();
    }

    /** The events this plugin's listener received, newest first: shows that delivery follows the commit. */
    @GET
    @Path("events")
    @RequiresPermission("hello.greetings:read")
    public Page<RecentEvents.Received> events() {
        return Page.last(recentEvents.newestFirst());
    }

    private static EntityTag etag(GreetingView greeting) {
        return EntityTag.valueOf(new EntityVersion(greeting.version()).etag());
    }
}
