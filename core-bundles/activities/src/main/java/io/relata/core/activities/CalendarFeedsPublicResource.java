package io.relata.core.activities;

import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.PublicEndpoint;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/calendar-feeds/{token}.ics}: a user's calendar for Outlook, Google Calendar, Apple Calendar and
 * any app that subscribes to iCalendar URLs. Public — calendar apps send no credentials — and protected by the
 * secret token in the path alone; everything else about it is in {@link CalendarFeeds}.
 */
@Component(service = CalendarFeedsPublicResource.class)
@CoreRoute
@Path("calendar-feeds")
@PublicEndpoint
public class CalendarFeedsPublicResource {

    @Reference
    private CalendarFeeds feeds;

    @GET
    @Path("{token}.ics")
    @Produces(ICalendarWriter.MEDIA_TYPE)
    public Response feed(@PathParam("token") String token,
                         @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        CalendarFeeds.Feed feed = feeds.feed(token);
        CacheControl revalidate = new CacheControl();
        revalidate.setPrivate(true);
        revalidate.setMaxAge(0);
        revalidate.setMustRevalidate(true);
        EntityTag tag = EntityTag.valueOf(feed.etag());
        if (matches(ifNoneMatch, feed.etag())) {
            return Response.notModified(tag).cacheControl(revalidate).build();
        }
        return Response.ok(feed.calendar(), ICalendarWriter.MEDIA_TYPE).tag(tag).cacheControl(revalidate)
                .header("Content-Disposition", "inline; filename=\"relata.ics\"").build();
    }

    /** {@code If-None-Match}: a list of tags, weak or strong, or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
