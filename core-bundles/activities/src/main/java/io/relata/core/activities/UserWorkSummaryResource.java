package io.relata.core.activities;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/users/{id}/work-summary}: a team member's summary, for whoever's activity scope covers them
 * (their manager, a team lead, an administrator); 404 for anyone else. The whole template is the class's path, so
 * other {@code users/…} paths stay free for other bundles.
 */
@Component(service = UserWorkSummaryResource.class)
@CoreRoute
@Path("users/{id}/work-summary")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("activities:read")
public class UserWorkSummaryResource {

    @Reference
    private WorkSummaries summaries;

    @GET
    public WorkSummary summary(@PathParam("id") String id, @QueryParam("period") String period,
                               @QueryParam("date") String date, @QueryParam("zone") String zone) {
        return summaries.of(id, period, date, zone);
    }
}
