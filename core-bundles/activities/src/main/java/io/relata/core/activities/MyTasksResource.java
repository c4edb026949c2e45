package io.relata.core.activities;

import java.util.Locale;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.activity.Activity;
import io.relata.api.activity.ActivityStatus;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/me/tasks}: the caller's own tasks, soonest due first. */
@Component(service = MyTasksResource.class)
@CoreRoute
@Path("me/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("activities:read")
public class MyTasksResource {

    @Reference
    private ActivityStore store;

    @Reference
    private CurrentUser currentUser;

    /**
     * @param status  {@code OPEN} (the default), {@code DONE}, {@code CANCELLED} or {@code ALL}
     * @param overdue {@code true} for open tasks whose due time passed
     */
    @GET
    public Page<Activity> tasks(@QueryParam("status") String status, @QueryParam("overdue") String overdue,
                                @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        boolean onlyOverdue = flag(overdue);
        ActivityStatus wanted = onlyOverdue ? ActivityStatus.OPEN : status(status);
        return store.tasks(currentUser.require().id(), wanted, onlyOverdue, PageRequest.of(limit, cursor));
    }

    static ActivityStatus status(String status) {
        if (status == null || status.isBlank()) {
            return ActivityStatus.OPEN;
        }
        String name = status.strip().toUpperCase(Locale.ROOT);
        if (name.equals("ALL")) {
            return null;
        }
        try {
            return ActivityStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw Problem.validation("status", "is one of OPEN, DONE, CANCELLED, ALL").toException();
        }
    }

    private static boolean flag(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw Problem.validation("overdue", "is true or false").toException();
    }
}
