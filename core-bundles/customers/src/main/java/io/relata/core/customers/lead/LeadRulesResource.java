package io.relata.core.customers.lead;

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

import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/lead-assignment-rules}: who gets new leads. */
@Component(service = LeadRulesResource.class)
@CoreRoute
@Path("lead-assignment-rules")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("leads:assign")
public class LeadRulesResource {

    @Reference
    private LeadStore store;

    /** In the order they are tried. */
    @GET
    @RequiresPermission("leads:read")
    public Page<LeadRule> list() {
        return Page.last(store.rules());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(LeadRule request) {
        if (request == null) {
            throw Problem.validation("name", "is required").toException();
        }
        LeadRule created = store.createRule(request);
        return Response.created(URI.create("lead-assignment-rules/" + created.id())).tag(etag(created))
                .entity(created).build();
    }

    @GET
    @Path("{id}")
    @RequiresPermission("leads:read")
    public Response one(@PathParam("id") String id) {
        LeadRule rule = store.rule(id).orElseThrow(() -> Problem.notFound("no assignment rule with id " + id)
                .toException());
        return Response.ok(rule).tag(etag(rule)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           MergePatch patch) {
        if (patch == null) {
            throw Problem.badRequest("the body must be a JSON merge patch").toException();
        }
        LeadRule changed = store.changeRule(id, ifMatch, current -> patch.applyTo(current, LeadRule.class));
        return Response.ok(changed).tag(etag(changed)).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        store.deleteRule(id);
        return Response.noContent().build();
    }

    private static EntityTag etag(LeadRule rule) {
        return EntityTag.valueOf(new EntityVersion(rule.version()).etag());
    }
}
