package io.relata.core.security;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.rest.Problem;
import io.relata.api.rest.PublicEndpoint;
import io.relata.api.security.RequiresPermission;
import io.relata.api.security.UserPrincipal;
import io.relata.core.rest.route.CoreRoute;

/**
 * Authenticates every request to {@code /api/v1}: a personal API token ({@code Authorization: Bearer ...}) or
 * the session cookie (with the CSRF token in {@code X-CSRF-Token} on every unsafe method). Resources answer
 * only authenticated callers unless marked {@link PublicEndpoint}; {@link RequiresPermission} is checked here.
 */
@Component(service = ContainerRequestFilter.class)
@CoreRoute
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    static final String SESSION_COOKIE = "RELATA_SESSION";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);

    @Context
    private ResourceInfo resource;

    @Context
    private HttpServletRequest servlet;

    @Reference
    private SecurityService security;

    @Override
    public void filter(ContainerRequestContext request) {
        security.clear();
        Method method = resource == null ? null : resource.getResourceMethod();
        Class<?> type = resource == null ? null : resource.getResourceClass();
        if (method == null || type == null) {
            return; // OPTIONS and other requests the runtime answers itself
        }
        boolean isPublic = method.isAnnotationPresent(PublicEndpoint.class) || type.isAnnotationPresent(PublicEndpoint.class);
        String source = source();
        Optional<UserPrincipal> principal;
        try {
            principal = authenticate(request, source);
        } catch (io.relata.api.rest.ProblemException problem) {
            if (!isPublic) {
                request.abortWith(ProblemResponse.of(problem.problem(), true));
                return;
            }
            // a stale token or cookie does not stop anyone from signing in again or checking health
            principal = Optional.empty();
        } catch (RuntimeException unavailable) {
            // the database is down or failing: health must still say so, and nobody gets in unchecked
            if (!isPublic) {
                LOG.warn("Cannot check credentials: {}", unavailable.toString());
                request.abortWith(ProblemResponse.of(Problem.of(503, "unavailable", "Service unavailable",
                        "credentials cannot be checked right now; try again shortly"), true));
                return;
            }
            principal = Optional.empty();
        }
        if (principal.isPresent()) {
            bind(request, principal.get(), source);
        } else if (!isPublic) {
            request.abortWith(ProblemResponse.of(Problem.of(401, "unauthenticated", "Unauthenticated",
                    "sign in (POST /api/v1/auth/login), or send an API token as 'Authorization: Bearer <token>'"), true));
            return;
        }
        if (!isPublic) {
            RequiresPermission required = Optional.ofNullable(method.getAnnotation(RequiresPermission.class))
                    .orElse(type.getAnnotation(RequiresPermission.class));
            if (required != null && !principal.get().has(required.value())) {
                security.audit().record(SecurityAudit.Type.PERMISSION_DENIED, false, principal.get().username(),
                        principal.get().id(), source, request.getMethod() + " " + request.getUriInfo().getPath()
                                + " needs " + required.value());
                request.abortWith(ProblemResponse.of(Problem.of(403, "forbidden", "Forbidden",
                        "this needs the permission " + required.value()), false));
            }
        }
    }

    private Optional<UserPrincipal> authenticate(ContainerRequestContext request, String source) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw Problem.of(401, "unauthenticated", "Unauthenticated",
                        "only 'Authorization: Bearer <token>' is accepted").toException();
            }
            String secret = authorization.substring(7).trim();
            Optional<Credentials.Token> token = security.token(secret);
            Optional<UserPrincipal> principal = token
                    .filter(found -> found.usable(java.time.Instant.now()))
                    .flatMap(found -> security.principal(found.userId()));
            if (principal.isEmpty()) {
                security.audit().record(SecurityAudit.Type.TOKEN_REJECTED, false, null,
                        token.map(Credentials.Token::userId).orElse(null), source,
                        token.map(found -> found.revokedAt() != null ? "revoked token " + found.id()
                                : "expired token or disabled user, token " + found.id()).orElse("unknown token"));
                throw Problem.of(401, "invalid-token", "Invalid token",
                        "the API token is unknown, revoked or expired").toException();
            }
            return principal;
        }
        Cookie cookie = request.getCookies().get(SESSION_COOKIE);
        if (cookie == null) {
            return Optional.empty();
        }
        SecuritySettings settings = security.settings();
        Optional<Credentials.Session> session = security.credentials().session(cookie.getValue(),
                java.time.Duration.ofMinutes(settings.session_idle_minutes()),
                java.time.Duration.ofHours(settings.session_lifetime_hours()));
        if (session.isEmpty()) {
            return Optional.empty();
        }
        if (!SAFE.contains(request.getMethod())
                && !Secrets.equal(session.get().csrfToken(), request.getHeaderString(CSRF_HEADER))) {
            throw Problem.of(403, "csrf", "Missing CSRF token",
                    "requests that change data with a session cookie must send the session's CSRF token in "
                            + CSRF_HEADER).toException();
        }
        return security.principal(session.get().userId());
    }

    private void bind(ContainerRequestContext request, UserPrincipal principal, String source) {
        security.enter(principal, source);
        request.setProperty(UserPrincipal.REQUEST_PROPERTY, principal);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal::username;
            }

            @Override
            public boolean isUserInRole(String role) {
                return principal.roles().contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "relata";
            }
        });
    }

    private String source() {
        try {
            return servlet == null ? null : servlet.getRemoteAddr();
        } catch (RuntimeException outsideARequest) {
            return null;
        }
    }

    /** Problem responses from a filter (mappers only see exceptions). */
    static final class ProblemResponse {
        private ProblemResponse() {
        }

        static Response of(Problem problem, boolean challenge) {
            Response.ResponseBuilder response = Response.status(problem.status()).type("application/problem+json")
                    .entity(problem);
            if (challenge && problem.status() == 401) {
                response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"relata\"");
            }
            return response.build();
        }
    }
}
