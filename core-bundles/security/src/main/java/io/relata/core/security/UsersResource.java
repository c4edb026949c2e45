package io.relata.core.security;

import java.net.URI;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.Cursor;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/admin/users}: user administration. Users are disabled, never deleted (records keep owners). */
@Component(service = UsersResource.class)
@CoreRoute
@Path("admin/users")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("users:write")
public class UsersResource {

    @Reference
    private SecurityService security;

    @Reference
    private UserAdministration users;

    @GET
    @RequiresPermission("users:read")
    public Page<Views.UserView> list(@QueryParam("q") String query, @QueryParam("limit") String limit,
                                     @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        if (query != null && query.length() > 100) {
            throw Problem.validation("q", "at most 100 characters").toException();
        }
        List<UserRecord> found = security.directory().users(query, page.limit() + 1,
                page.after().map(after -> after.key(0)).orElse(null));
        List<Views.UserView> items = found.stream().limit(page.limit()).map(Views.UserView::of).toList();
        return found.size() > page.limit()
                ? new Page<>(items, Cursor.of(items.get(items.size() - 1).username()).encode())
                : Page.last(items);
    }

    @GET
    @Path("{id}")
    @RequiresPermission("users:read")
    public Response one(@PathParam("id") String id) {
        UserRecord user = security.directory().user(id).orElseThrow(() -> UserAdministration.notFound(id));
        return withTag(Response.ok(Views.UserView.of(user)), user).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Views.NewUser request) {
        if (request == null) {
            throw Problem.validation("username", "is required").toException();
        }
        UserRecord created = users.create(new UserAdministration.UserFields(request.username(), request.displayName(),
                request.email(), request.locale(), request.timeZone(), request.managerId(), request.subsidiaryId(),
                request.partnerId(), request.active(), request.roles(), request.password()));
        return withTag(Response.created(URI.create("admin/users/" + created.id())).entity(Views.UserView.of(created)),
                created).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           MergePatch patch) {
        UserRecord user = security.directory().user(id).orElseThrow(() -> UserAdministration.notFound(id));
        new EntityVersion(user.version()).requireMatch(ifMatch);
        Views.UserChanges changes = patch.applyTo(Views.UserChanges.of(user), Views.UserChanges.class);
        UserRecord changed = users.update(id, user.version(), new UserAdministration.UserFields(null,
                changes.displayName(), changes.email(), changes.locale(), changes.timeZone(), changes.managerId(),
                changes.subsidiaryId(), changes.partnerId(), changes.active(), changes.roles(), null));
        return withTag(Response.ok(Views.UserView.of(changed)), changed).build();
    }

    @POST
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resetPassword(@PathParam("id") String id, Views.PasswordReset reset) {
        users.setPassword(id, reset == null ? null : reset.password());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/disable")
    public Response disable(@PathParam("id") String id) {
        users.setActive(id, false);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/enable")
    public Response enable(@PathParam("id") String id) {
        users.setActive(id, true);
        return Response.noContent().build();
    }

    /** Lifts a lockout after failed sign-ins before it runs out. */
    @POST
    @Path("{id}/unlock")
    public Response unlock(@PathParam("id") String id) {
        users.unlock(id);
        return Response.noContent().build();
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder response, UserRecord user) {
        return response.tag(EntityTag.valueOf(new EntityVersion(user.version()).etag()));
    }
}
