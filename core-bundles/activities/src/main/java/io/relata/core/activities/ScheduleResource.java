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

/**
 * {@code GET /api/v1/me/schedule?from=&to=&zone=&userId=}: the caller's (or, for a manager, a team member's)
 * activities in a range of days. A root resource of its own below {@code me}, which the security bundle serves.
 */
@Component(service = ScheduleResource.class)
@CoreRoute
@Path("me/schedule")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("activities:read")
public class ScheduleResource {

    @Reference
    private Schedules schedules;

    /**
     * @param from   an ISO date (a day in the zone) or a UTC instant; today by default
     * @param to     an ISO date (inclusive) or a UTC instant (exclusive); the end of {@code from}'s day by default;
     *               at most 62 days after {@code from}
     * @param zone   an IANA time zone for the dates; the caller's by default
     * @param userId whose schedule; the caller's by default, another user's when the caller's activity scope
     *               covers them (else 404)
     */
    @GET
    public Schedule schedule(@QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("zone") String zone, @QueryParam("userId") String userId) {
        return schedules.schedule(from, to, zone, userId);
    }
}
