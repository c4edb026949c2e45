package io.relata.core.activities;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.PageRequest;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/customers/{id}/timeline}. A root resource with the whole sub-path as its {@code @Path}, so it
 * takes exactly this path and leaves the rest below {@code customers} to the customers bundle.
 */
@Component(service = TimelineResource.class)
@CoreRoute
@Path("customers/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("customers:read")
public class TimelineResource {

    @Reference
    private Timeline timeline;

    /** @param type kinds to show, repeated or comma-separated: activity types such as CALL, or contributed kinds */
    @GET
    public TimelinePage timeline(@PathParam("id") String id, @QueryParam("type") List<String> type,
                                 @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Set<String> kinds = new LinkedHashSet<>();
        for (String value : type == null ? new ArrayList<String>() : type) {
            for (String kind : value.split(",")) {
                if (!kind.isBlank()) {
                    kinds.add(kind.strip());
                }
            }
        }
        return timeline.of(id, kinds, PageRequest.of(limit, cursor));
    }
}
