package io.relata.core.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;
import io.relata.api.security.UserPrincipal;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/me}: the caller's own profile, password and personal API tokens. */
@Component(service = MeResource.class)
@CoreRoute
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private static final int MAX_TOKENS = 50;

    @Reference
    private SecurityService security;

    @Reference
    private UserAdministration users;

    @Reference
    private LoginService logins;

    @GET
    public Response me() {
        UserPrincipal principal = security.require();
        UserRecord user = own(principal);
        return Response.ok(AuthResource.me(principal, user))
                .tag(EntityTag.valueOf(new EntityVersion(user.version()).etag())).build();
    }

    @PATCH
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response changeProfile(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, MergePatch patch) {
        UserPrincipal principal = security.require();
        UserRecord user = own(principal);
        new EntityVersion(user.version()).requireMatch(ifMatch);
        Views.ProfileChanges changes = patch.applyTo(Views.ProfileChanges.of(user), Views.ProfileChanges.class);
        UserRecord changed = users.update(user.id(), user.version(), new UserAdministration.UserFields(null,
                changes.displayName(), changes.email(), changes.locale(), changes.timeZone(), user.managerId(),
                user.subsidiaryId(), user.partnerId(), user.active(), null, null));
        return Response.ok(AuthResource.me(security.principal(changed), changed))
                .tag(EntityTag.valueOf(new EntityVersion(changed.version()).etag())).build();
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(Views.PasswordChange change) {
        UserPrincipal principal = security.require();
        if (change == null || change.currentPassword() == null) {
            throw Problem.validation("currentPassword", "is required").toException();
        }
        try {
            logins.authenticate(principal.username(), change.currentPassword(), security.source(), false);
        } catch (io.relata.api.rest.ProblemException wrong) {
            throw Problem.validation("currentPassword", "is not your current password").toException();
        }
        users.setPassword(principal.id(), change.newPassword());
        return Response.noContent().build();
    }

    @GET
    @Path("tokens")
    public Page<Views.TokenView> tokens() {
        UserPrincipal principal = security.require();
        return Page.last(security.credentials().tokensOf(principal.id()).stream().map(Views.TokenView::of).toList());
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createToken(Views.NewToken request) {
        UserPrincipal principal = security.require();
        List<FieldError> errors = new ArrayList<>();
        String name = request == null || request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            errors.add(new FieldError("name", "1 to 100 characters"));
        }
        Instant now = Instant.now();
        Instant expires = request == null || request.expiresAt() == null
                ? now.plus(Duration.ofDays(security.settings().token_default_days())) : request.expiresAt();
        if (!expires.isAfter(now)) {
            errors.add(new FieldError("expiresAt", "must be in the future"));
        } else if (expires.isAfter(now.plus(Duration.ofDays(366)))) {
            errors.add(new FieldError("expiresAt", "at most a year from now"));
        }
        if (security.credentials().tokensOf(principal.id()).stream().filter(token -> token.usable(now)).count()
                >= MAX_TOKENS) {
            errors.add(new FieldError("name", "you have " + MAX_TOKENS + " active tokens; revoke one first"));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        String[] created = security.credentials().createToken(principal.id(), name, expires);
        security.audit().record(SecurityAudit.Type.TOKEN_CREATED, true, principal.username(), principal.id(),
                security.source(), "token " + created[0] + " '" + name + "' expires " + expires);
        return Response.created(URI.create("me/tokens/" + created[0]))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new Views.CreatedToken(created[0], name, created[1], expires)).build();
    }

    @DELETE
    @Path("tokens/{id}")
    public Response revokeToken(@PathParam("id") String id) {
        UserPrincipal principal = security.require();
        if (!security.credentials().revokeToken(principal.id(), id)) {
            throw Problem.notFound("no active token with id " + id).toException();
        }
        security.audit().record(SecurityAudit.Type.TOKEN_REVOKED, true, principal.username(), principal.id(),
                security.source(), "token " + id);
        return Response.noContent().build();
    }

    private UserRecord own(UserPrincipal principal) {
        return security.directory().user(principal.id())
                .orElseThrow(() -> Problem.of(401, "unauthenticated", "Unauthenticated",
                        "the signed-in user no longer exists").toException());
    }
}
