package io.relata.core.reference;

import java.net.URI;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.Page;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/picklists}: the choices of picklist fields, with their labels in every language. */
@Component(service = PicklistsResource.class)
@CoreRoute
@Path("picklists")
@Produces(MediaType.APPLICATION_JSON)
public class PicklistsResource {

    @Reference
    private JdbcPicklists picklists;

    /** Every picklist with its values, so a client can load them all at once. */
    @GET
    public Page<Views.PicklistView> list() {
        return Page.last(picklists.names().stream().map(name -> view(name, null)).toList());
    }

    /** @param active {@code true} for the values new records may choose, {@code false} for the retired ones */
    @GET
    @Path("{name}")
    public Views.PicklistView one(@PathParam("name") String name, @QueryParam("active") String active) {
        Boolean onlyActive = Queries.flag(active, "active");
        picklists.requireExists(name);
        return view(name, onlyActive);
    }

    @GET
    @Path("{name}/values/{key}")
    public Response value(@PathParam("name") String name, @PathParam("key") String key) {
        picklists.requireExists(name);
        JdbcPicklists.StoredValue stored = picklists.stored(name, key)
                .orElseThrow(() -> JdbcPicklists.valueNotFound(name, key));
        return withTag(Response.ok(Views.PicklistValueView.of(stored)), stored).build();
    }

    /**
     * Adds the value (201), or changes it (200) when the picklist has the key already; a change needs the value's
     * ETag in If-Match. Values are never deleted, since records keep their keys: retire one with
     * {@code "active": false}.
     */
    @PUT
    @Path("{name}/values/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("reference-data:write")
    public Response put(@PathParam("name") String name, @PathParam("key") String key,
                        @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Views.PicklistValueChanges request) {
        picklists.requireExists(name);
        JdbcPicklists.ValueFields fields = request == null ? new JdbcPicklists.ValueFields(null, null, null)
                : request.toFields();
        JdbcPicklists.StoredValue current = picklists.stored(name, key).orElse(null);
        if (current == null) {
            JdbcPicklists.StoredValue added = picklists.add(name, key, fields);
            return withTag(Response.created(URI.create("picklists/" + name + "/values/" + key))
                    .entity(Views.PicklistValueView.of(added)), added).build();
        }
        new EntityVersion(current.version()).requireMatch(ifMatch);
        JdbcPicklists.StoredValue changed = picklists.change(name, key, current.version(), fields);
        return withTag(Response.ok(Views.PicklistValueView.of(changed)), changed).build();
    }

    private Views.PicklistView view(String name, Boolean onlyActive) {
        List<Views.PicklistValueView> values = picklists.stored(name).stream()
                .filter(stored -> onlyActive == null || stored.value().active() == onlyActive)
                .map(Views.PicklistValueView::of).toList();
        return new Views.PicklistView(name, values);
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder response,
                                                    JdbcPicklists.StoredValue stored) {
        return response.tag(EntityTag.valueOf(new EntityVersion(stored.version()).etag()));
    }
}
