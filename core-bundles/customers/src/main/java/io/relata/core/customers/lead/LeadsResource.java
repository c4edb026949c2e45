package io.relata.core.customers.lead;

import java.net.URI;
import java.util.List;
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

import io.relata.api.customer.Lead;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.customers.customer.QueryParameters;
import io.relata.core.customers.transfer.CsvExports;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/leads}: leads, the lead pool, assignment and conversion. */
@Component(service = LeadsResource.class)
@CoreRoute
@Path("leads")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("leads:write")
public class LeadsResource {

    private static final List<String> FILTERS = List.of("q", "owner", "status", "open", "source", "campaign",
            "createdFrom", "createdTo", "updatedFrom", "updatedTo", "sort");
    private static final int MAX_ASSIGNED_AT_ONCE = 10_000;

    @Reference
    private LeadStore store;

    @Reference
    private LeadConverter converter;

    @Reference
    private CsvExports exports;

    @GET
    @RequiresPermission("leads:read")
    public Page<Lead> list(@Context UriInfo uri, @QueryParam("limit") String limit,
                           @QueryParam("cursor") String cursor) {
        return store.list(LeadQuery.parse(filters(uri)), PageRequest.of(limit, cursor));
    }

    /** The list as a CSV file, with the same filters, streamed page by page; never taken for a lead's id. */
    @GET
    @Path("export")
    @Produces(CsvExports.MEDIA_TYPE)
    @RequiresPermission("leads:export")
    public Response export(@Context UriInfo uri) {
        return exports.leads(filters(uri)).response();
    }

    /** Creates a lead; without an owner the assignment rules hand it out, or it waits in the pool. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(LeadFields request, @QueryParam("allowDuplicate") boolean allowDuplicate) {
        if (request == null) {
            throw Problem.validation("lastName", "is required").toException();
        }
        Lead created = store.create(request, allowDuplicate);
        return Response.created(URI.create("leads/" + created.id())).tag(etag(created)).entity(created).build();
    }

    @GET
    @Path("{id}")
    @RequiresPermission("leads:read")
    public Response one(@PathParam("id") String id) {
        Lead lead = store.find(id).orElseThrow(() -> LeadStore.notFound(id));
        return Response.ok(lead).tag(etag(lead)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @QueryParam("allowDuplicate") boolean allowDuplicate, MergePatch patch) {
        if (patch == null) {
            throw Problem.badRequest("the body must be a JSON merge patch").toException();
        }
        Lead changed = store.change(id, ifMatch, current -> patch.applyTo(current, LeadFields.class), allowDuplicate);
        return Response.ok(changed).tag(etag(changed)).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        store.delete(id, ifMatch);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/claim")
    public Response claim(@PathParam("id") String id) {
        Lead claimed = store.claim(id);
        return Response.ok(claimed).tag(etag(claimed)).build();
    }

    @POST
    @Path("{id}/release")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response release(@PathParam("id") String id, Reason request) {
        Lead released = store.release(id, request == null ? null : request.reason());
        return Response.ok(released).tag(etag(released)).build();
    }

    @POST
    @Path("{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("leads:assign")
    public Response assign(@PathParam("id") String id, Owner request) {
        Lead assigned = store.assign(id, request == null ? null : request.ownerId());
        return Response.ok(assigned).tag(etag(assigned)).build();
    }

    /** Runs the assignment rules over the pool now; {@code dryRun=true} only says who would get what. */
    @POST
    @Path("assign")
    @RequiresPermission("leads:assign")
    public Page<LeadAssignment.Outcome> assignPool(@QueryParam("dryRun") boolean dryRun) {
        return Page.last(store.assignPool(dryRun, MAX_ASSIGNED_AT_ONCE));
    }

    /** Makes the lead a customer and a contact, with whatever installed modules add, in one transaction. */
    @POST
    @Path("{id}/convert")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("leads:convert")
    public LeadConverter.Result convert(@PathParam("id") String id, LeadConverter.Request request) {
        return converter.convert(id, request);
    }

    /** @param reason why the lead goes back to the pool */
    public record Reason(String reason) {
    }

    /** @param ownerId the user who gets the lead */
    public record Owner(String ownerId) {
    }

    private static Map<String, String> filters(UriInfo uri) {
        return QueryParameters.listFilters(uri.getQueryParameters(), FILTERS);
    }

    private static EntityTag etag(Lead lead) {
        return EntityTag.valueOf(new EntityVersion(lead.version()).etag());
    }
}
