package io.relata.core.recyclebin;

import java.sql.SQLException;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.RestResource;
import io.relata.api.security.RequiresPermission;

/** {@code GET /api/v1/recycle-bin}: deleted records, newest first. */
@Component(service = RecycleBinResource.class)
@RestResource
@RequiresPermission("recycle-bin:read")
@Path("recycle-bin")
@Produces(MediaType.APPLICATION_JSON)
public class RecycleBinResource {

    @Reference
    private JdbcRecycleBin bin;

    @GET
    public Page<RecycleBinEntry> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor)
            throws SQLException {
        return bin.list(PageRequest.of(limit, cursor));
    }
}
