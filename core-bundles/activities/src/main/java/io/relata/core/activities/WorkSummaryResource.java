package io.relata.core.activities;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code GET /api/v1/me/work-summary?period=day|week&date=&zone=}: the caller's day or week in numbers. */
@Component(service = WorkSummaryResource.class)
@CoreRoute
@Path("me/work-summary")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("activities:read")
public class WorkSummaryResource {

    @Reference
    private WorkSummaries summaries;

    @GET
    public WorkSummary summary(@QueryParam("period") String period, @QueryParam("date") String date,
                               @QueryParam("zone") String zone) {
        return summaries.of(null, period, date, zone);
    }
}
