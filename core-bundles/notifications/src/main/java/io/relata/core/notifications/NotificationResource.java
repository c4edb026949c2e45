package io.relata.core.notifications;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.notification.Notification;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.CurrentUser;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code /api/v1/me/notifications}: the caller's own in-app notifications. Every signed-in user may read, mark
 * and delete theirs and nobody else's; another user's notification is as unknown as one that never existed.
 *
 * <p>The whole path is the class's: {@code me} is the security bundle's resource, and CXF picks the root resource
 * with the longest literal prefix.
 */
@Component(service = NotificationResource.class)
@CoreRoute
@Path("me/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    /** {@code {"unread": 3}} */
    public record UnreadCount(long unread) {
    }

    /** {@code {"marked": 3}}: how many notifications a request marked read. */
    public record Marked(int marked) {
    }

    private final JdbcNotifications notifications;
    private final CurrentUser currentUser;

    @Activate
    public NotificationResource(@Reference JdbcNotifications notifications, @Reference CurrentUser currentUser) {
        this.notifications = notifications;
        this.currentUser = currentUser;
    }

    /**
     * Newest first.
     *
     * @param unread {@code true} lists only those not read yet
     */
    @GET
    public Page<Notification> list(@QueryParam("unread") String unread, @QueryParam("limit") String limit,
                                   @QueryParam("cursor") String cursor) {
        boolean unreadOnly = unreadOnly(unread);
        PageRequest page = PageRequest.of(limit, cursor);
        return notifications.list(me(), unreadOnly, page);
    }

    @GET
    @Path("unread-count")
    public UnreadCount unreadCount() {
        return new UnreadCount(notifications.unreadCount(me()));
    }

    @GET
    @Path("{id}")
    public Notification one(@PathParam("id") String id) {
        return notifications.find(me(), id).orElseThrow(() -> notFound(id));
    }

    /**
     * Marks one read, answering 204; marking it again changes nothing (it keeps the time it was first read).
     */
    @POST
    @Path("{id}/read")
    public void markRead(@PathParam("id") String id) {
        if (!notifications.markRead(me(), id)) {
            throw notFound(id);
        }
    }

    @POST
    @Path("read-all")
    public Marked markAllRead() {
        return new Marked(notifications.markAllRead(me()));
    }

    /** Deletes one for good, answering 204. */
    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") String id) {
        if (!notifications.delete(me(), id)) {
            throw notFound(id);
        }
    }

    /** @throws ProblemException 401 when nobody is signed in (the REST application answers that first) */
    private String me() {
        return currentUser.require().id();
    }

    private static boolean unreadOnly(String unread) {
        if (unread == null || unread.isBlank() || unread.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (unread.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw Problem.validation("unread", "must be true or false").toException();
    }

    private static ProblemException notFound(String id) {
        return Problem.notFound("you have no notification with id " + id).toException();
    }
}
