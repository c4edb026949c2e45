package io.relata.core.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.CookieParam;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.Problem;
import io.relata.api.rest.PublicEndpoint;
import io.relata.api.security.UserPrincipal;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code POST /api/v1/auth/login}, {@code GET /session} and {@code POST /logout}: browser sessions in an HttpOnly,
 * SameSite cookie.
 */
@Component(service = AuthResource.class)
@CoreRoute
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private static final Duration OPEN_ENDED = Duration.ofDays(365_000);

    @Reference
    private LoginService logins;

    @Reference
    private SecurityService security;

    @Context
    private HttpServletRequest servlet;

    @POST
    @Path("login")
    @PublicEndpoint
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(Views.Login login) {
        if (login == null || login.username() == null || login.password() == null) {
            List<io.relata.api.rest.FieldError> errors = new ArrayList<>();
            if (login == null || login.username() == null) {
                errors.add(new io.relata.api.rest.FieldError("username", "is required"));
            }
            if (login == null || login.password() == null) {
                errors.add(new io.relata.api.rest.FieldError("password", "is required"));
            }
            throw Problem.validation(errors).toException();
        }
        String source = servlet == null ? null : servlet.getRemoteAddr();
        LoginService.SignedIn signedIn = logins.authenticate(login.username(), login.password(), source, false);
        Credentials.NewSession session = security.credentials().openSession(signedIn.user().id(), source);
        boolean secure = servlet != null && ("https".equalsIgnoreCase(servlet.getHeader("X-Forwarded-Proto"))
                || servlet.isSecure());
        return Response.ok(new Views.LoginResult(me(signedIn.principal(), signedIn.user()), session.csrfToken()))
                .header(HttpHeaders.SET_COOKIE, AuthenticationFilter.SESSION_COOKIE + "=" + session.token()
                        + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /**
     * The browser's session again after a page reload: who is signed in and the session's CSRF token, which the web
     * UI keeps only in memory. Only same-origin script can read the answer, so handing the token out is as safe as
     * the sign-in that first gave it.
     */
    @GET
    @Path("session")
    public Response session(@CookieParam(AuthenticationFilter.SESSION_COOKIE) String cookie) {
        UserPrincipal principal = security.require();
        Optional<Credentials.Session> session = cookie == null ? Optional.empty()
                : security.credentials().session(cookie, OPEN_ENDED, OPEN_ENDED); // the filter just checked its age
        UserRecord user = security.directory().user(principal.id()).orElse(null);
        if (session.isEmpty() || !session.get().userId().equals(principal.id()) || user == null) {
            throw Problem.notFound("this request has no browser session; sign in with POST /api/v1/auth/login")
                    .toException();
        }
        return Response.ok(new Views.LoginResult(me(principal, user), session.get().csrfToken()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @POST
    @Path("logout")
    public Response logout(@CookieParam(AuthenticationFilter.SESSION_COOKIE) String session) {
        UserPrincipal principal = security.require();
        if (session != null) {
            security.credentials().closeSession(session);
        }
        security.audit().record(SecurityAudit.Type.LOGOUT, true, principal.username(), principal.id(),
                security.source(), null);
        return Response.noContent().header(HttpHeaders.SET_COOKIE, AuthenticationFilter.SESSION_COOKIE
                + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict").build();
    }

    static Views.Me me(UserPrincipal principal, UserRecord user) {
        return new Views.Me(user.id(), user.username(), user.displayName(), user.email(), user.locale(),
                user.timeZone(), user.roles(), principal.permissions().stream().sorted().toList(), user.teams(),
                user.version());
    }
}
