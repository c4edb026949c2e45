package io.relata.core.customers.contact;

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
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.customers.customer.QueryParameters;
import io.relata.core.customers.field.CustomValues;
import io.relata.core.customers.transfer.CsvExports;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/contacts}: the people at customers, visible exactly when their customer is. */
@Component(service = ContactsResource.class)
@CoreRoute
@Path("contacts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("contacts:write")
public class ContactsResource {

    @Reference
    private ContactStore store;

    @Reference
    private CsvExports exports;

    /** Contacts of visible customers by name; {@code customer} narrows to one customer, {@code q} searches. */
    @GET
    @RequiresPermission("contacts:read")
    public Page<Contact> list(@Context UriInfo uri, @QueryParam("customer") String customerId,
                              @QueryParam("q") String q, @QueryParam("limit") String limit,
                              @QueryParam("cursor") String cursor) {
        return store.list(customer(customerId), q, customFilters(uri), PageRequest.of(limit, cursor));
    }

    /**
     * The list as a CSV file, with the same filters, streamed page by page; never taken for a contact's id.
     * Contacts are customer data, so exporting them needs {@code customers:export}.
     */
    @GET
    @Path("export")
    @Produces(CsvExports.MEDIA_TYPE)
    @RequiresPermission("customers:export")
    public Response export(@Context UriInfo uri, @QueryParam("customer") String customerId,
                           @QueryParam("q") String q) {
        return exports.contacts(customer(customerId), q, customFilters(uri)).response();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ContactFields request, @QueryParam("allowDuplicate") boolean allowDuplicate) {
        if (request == null) {
            throw Problem.validation("customerId", "is required").toException();
        }
        Contact created = store.create(request, allowDuplicate);
        return Response.created(URI.create("contacts/" + created.id())).tag(etag(created)).entity(created).build();
    }

    @GET
    @Path("{id}")
    @RequiresPermission("contacts:read")
    public Response one(@PathParam("id") String id) {
        Contact contact = store.find(id).orElseThrow(() -> ContactStore.notFound(id));
        return Response.ok(contact).tag(etag(contact)).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @QueryParam("allowDuplicate") boolean allowDuplicate, MergePatch patch) {
        if (patch == null) {
            throw Problem.badRequest("the body must be a JSON merge patch").toException();
        }
        Contact changed = store.change(id, ifMatch, current -> patch.applyTo(current, ContactFields.class),
                allowDuplicate);
        return Response.ok(changed).tag(etag(changed)).build();
    }

    /** Moves the contact to the recycle bin. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        store.delete(id, ifMatch);
        return Response.noContent().build();
    }

    private static String customer(String customerId) {
        return customerId == null || customerId.isBlank() ? null : customerId.strip();
    }

    private static Map<String, String> customFilters(UriInfo uri) {
        return CustomValues.filters(QueryParameters.listFilters(uri.getQueryParameters(), List.of()));
    }

    private static EntityTag etag(Contact contact) {
        return EntityTag.valueOf(new EntityVersion(contact.version()).etag());
    }
}
