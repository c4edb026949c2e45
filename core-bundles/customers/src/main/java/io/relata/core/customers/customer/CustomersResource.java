package io.relata.core.customers.customer;

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

import io.relata.api.customer.Contact;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.Customer;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.customers.transfer.CsvExports;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code /api/v1/customers}: customers (accounts), their hierarchy and the public pool. Reads and writes apply the
 * caller's data scope; pool customers are visible to everyone who works customers.
 */
@Component(service = CustomersResource.class)
@CoreRoute
@Path("customers")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("customers:write")
public class CustomersResource {

    /** The list filters this resource understands, besides {@code limit} and {@code cursor}. */
    private static final List<String> FILTERS = List.of("q", "owner", "stage", "kind", "tag", "parent", "industry",
            "subsidiary", "createdFrom", "createdTo", "updatedFrom", "updatedTo", "sort");

    @Reference
    private CustomerStore store;

    @Reference
    private Contacts contacts;

    @Reference
    private CsvExports exports;

    @GET
    @RequiresPermission("customers:read")
    public Page<Customer> list(@Context UriInfo uri, @QueryParam("limit") String limit,
                               @QueryParam("cursor") String cursor) {
        return store.list(CustomerQuery.parse(filters(uri)), PageRequest.of(limit, cursor));
    }

    /**
     * The list as a CSV file, with the same filters, streamed page by page. A literal path segment wins over
     * {@code {id}} in JAX-RS matching, so this is never taken for a customer's id.
     */
    @GET
    @Path("export")
    @Produces(CsvExports.MEDIA_TYPE)
    @RequiresPermission("customers:export")
    public Response export(@Context UriInfo uri) {
        return exports.customers(filters(uri)).response();
    }

    /**
     * One action (assign, tag, untag, release) on up to 500 customers: each goes through the same store method as
     * its single-record endpoint, in its own transaction, and the answer lists every id's outcome.
     */
    @POST
    @Path("bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    public CustomerBulk.Result bulk(CustomerBulk.Request request) {
        return new CustomerBulk(store).apply(request);
    }

    /** Creates a customer; 409 with the candidates when it looks like an existing one, unless allowed. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CustomerFields request, @QueryParam("allowDuplicate") boolean allowDuplicate,
            @Context UriInfo uri) {
        if (request == null) {
            throw Problem.validation("name", "is required").toException();
        }
        Customer created = store.create(request, allowDuplicate);
        return Response.created(location(uri, "customers/" + created.id())).tag(etag(created)).entity(created)
                .build();
    }

    /**
     * The absolute address of what a create made. Given a relative one, CXF resolves it with a {@code UriBuilder}
     * built for the purpose, about 5 % of a customer create's CPU in the benchmark's profile.
     */
    static URI location(UriInfo uri, String path) {
        String base = uri.getBaseUri().toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }

    @GET
    @Path("{id}")
    @RequiresPermission("customers:read")
    public Response one(@PathParam("id") String id) {
        Customer customer = store.find(id).orElseThrow(() -> store.mergedInto(id)
                .<RuntimeException>map(survivor -> Problem.of(404, "merged", "Merged", "the customer was merged into "
                        + survivor).with("mergedInto", survivor).toException())
                .orElseGet(() -> CustomerStore.notFound(id)));
        return Response.ok(customer).tag(etag(customer)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @QueryParam("allowDuplicate") boolean allowDuplicate, MergePatch patch) {
        if (patch == null) {
            throw Problem.badRequest("the body must be a JSON merge patch").toException();
        }
        Customer changed = store.change(id, ifMatch, current -> patch.applyTo(current, CustomerFields.class),
                allowDuplicate);
        return Response.ok(changed).tag(etag(changed)).build();
    }

    /** Moves the customer to the recycle bin. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        store.delete(id, ifMatch);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/children")
    @RequiresPermission("customers:read")
    public Page<Customer> children(@PathParam("id") String id) {
        return Page.last(store.children(id));
    }

    /** From the parent up to the top of the hierarchy. */
    @GET
    @Path("{id}/ancestors")
    @RequiresPermission("customers:read")
    public Page<Customer> ancestors(@PathParam("id") String id) {
        return Page.last(store.ancestors(id));
    }

    /**
     * Merges a duplicate into this customer: its contacts, sub-customers and other modules' records move here,
     * empty fields are filled from it (and those listed in {@code take} taken from it), and it is gone.
     */
    @POST
    @Path("{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("customers:merge")
    public Response merge(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          Merge request) {
        if (request == null) {
            throw Problem.validation("duplicateId", "is required").toException();
        }
        Customer merged = store.merge(id, request.duplicateId(), request.take(), ifMatch);
        return Response.ok(merged).tag(etag(merged)).build();
    }

    /** The customer's contacts, the primary one first. */
    @GET
    @Path("{id}/contacts")
    @RequiresPermission("contacts:read")
    public Page<Contact> contacts(@PathParam("id") String id) {
        return Page.last(contacts.ofCustomer(id));
    }

    /** Takes the customer from the public pool. */
    @POST
    @Path("{id}/claim")
    public Response claim(@PathParam("id") String id) {
        Customer claimed = store.claim(id);
        return Response.ok(claimed).tag(etag(claimed)).build();
    }

    /** Returns the customer to the public pool; the reason is recorded in its audit trail. */
    @POST
    @Path("{id}/release")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response release(@PathParam("id") String id, Reason request) {
        Customer released = store.release(id, request == null ? null : request.reason());
        return Response.ok(released).tag(etag(released)).build();
    }

    /** Gives the customer to another user. */
    @POST
    @Path("{id}/assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("customers:assign")
    public Response assign(@PathParam("id") String id, Assignment request) {
        if (request == null) {
            throw Problem.validation("ownerId", "is required").toException();
        }
        Customer assigned = store.assign(id, request.ownerId(), request.reason());
        return Response.ok(assigned).tag(etag(assigned)).build();
    }

    /**
     * @param duplicateId the customer to merge into this one
     * @param take        fields whose value to take from the duplicate even where this customer has one
     */
    public record Merge(String duplicateId, List<String> take) {
    }

    /** @param reason why the customer goes back to the pool */
    public record Reason(String reason) {
    }

    /**
     * @param ownerId the new owner's user id
     * @param reason  why, optional
     */
    public record Assignment(String ownerId, String reason) {
    }

    private static Map<String, String> filters(UriInfo uri) {
        return QueryParameters.listFilters(uri.getQueryParameters(), FILTERS);
    }

    private static EntityTag etag(Customer customer) {
        return EntityTag.valueOf(new EntityVersion(customer.version()).etag());
    }
}
