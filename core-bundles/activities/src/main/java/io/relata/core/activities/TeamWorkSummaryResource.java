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

/** {@code GET /api/v1/me/team/work-summary}: one line of counts per user the caller's activity scope covers. */
@Component(service = TeamWorkSummaryResource.class)
@CoreRoute
@Path("me/team/work-summary")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("activities:read")
public class TeamWorkSummaryResource {

    @Reference
    private WorkSummaries summaries;

    @GET
    public WorkSummary.Team team(@QueryParam("period") String period, @QueryParam("date") String date,
                                 @QueryParam("zone") String zone) {
        return summaries.team(period, date, zone);
    }
}
