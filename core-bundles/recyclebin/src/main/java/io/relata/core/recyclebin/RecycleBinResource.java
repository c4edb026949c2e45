package io.relata.core.recyclebin;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code /api/v1/recycle-bin}: deleted records, newest first; restore one, or purge it before its time.
 */
@Component(service = RecycleBinResource.class)
@CoreRoute
@RequiresPermission("recycle-bin:read")
@Path("recycle-bin")
@Produces(MediaType.APPLICATION_JSON)
public class RecycleBinResource {

    @Reference
    private JdbcRecycleBin bin;

    @Reference
    private RecycleBinActions actions;

    /** @param recordType only records of this type, e.g. {@code hello.greeting} */
    @GET
    public Page<RecycleBinEntry> list(@QueryParam("recordType") String recordType,
                                      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return bin.list(recordType == null || recordType.isBlank() ? null : recordType.strip(),
                PageRequest.of(limit, cursor));
    }

    @GET
    @Path("{id}")
    public RecycleBinEntry one(@PathParam("id") String id) {
        return bin.find(id).orElseThrow(() -> Problem.notFound("no recycle-bin entry with id " + id).toException());
    }

    /** Brings the record back where it was deleted from; answers the entry that was taken out of the bin. */
    @POST
    @Path("{id}/restore")
    @RequiresPermission("recycle-bin:restore")
    public RecycleBinEntry restore(@PathParam("id") String id) {
        return actions.restore(id);
    }

    /** Deletes the record for good now, without waiting for the retention period. */
    @DELETE
    @Path("{id}")
    @RequiresPermission("recycle-bin:purge")
    public Response purge(@PathParam("id") String id) {
        actions.purge(id);
        return Response.noContent().build();
    }
}
