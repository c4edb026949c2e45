package io.relata.core.activities;

import java.time.Instant;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.core.rest.route.CoreRoute;


/**
 * {@code /api/v1/me/calendar-feed}: the caller's calendar subscription URL. Any signed-in user may manage their
 * own; what the feed shows is decided when it is read.
 */
@Component(service = CalendarFeedResource.class)
@CoreRoute
@Path("me/calendar-feed")
@Produces(MediaType.APPLICATION_JSON)
public class CalendarFeedResource {

    /** The only answer that holds the token. */
    public record NewFeed(String url, Instant createdAt) {
    }

    @Reference
    private CalendarFeeds feeds;

    /** Creates the feed, or rotates its token (the old URL answers 404 from now on); the URL is shown only here. */
    @POST
    public Response create(@Context UriInfo uri) {
        CalendarFeeds.Created created = feeds.create();
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new NewFeed(CalendarFeeds.url(uri.getBaseUri(), created.token()), created.createdAt()))
                .cacheControl(noStore).build();
    }

    @GET
    public CalendarFeeds.Status status() {
        return feeds.status();
    }

    /** Revokes the feed: its URL answers 404. */
    @DELETE
    public Response revoke() {
        feeds.revoke();
        return Response.noContent().build();
    }
}
