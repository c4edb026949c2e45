package io.relata.core.rest.application;

import java.lang.reflect.Method;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;

import io.relata.api.rest.Problem;
import io.relata.api.rest.PublicEndpoint;
import io.relata.api.security.UserPrincipal;
import io.relata.core.rest.problem.ProblemResponses;

/**
 * Fails closed: a resource not marked {@link PublicEndpoint} answers 401 unless the security module
 * authenticated the request. If security is not running (still starting, or broken) the API is shut, not open.
 */
@Priority(Priorities.AUTHORIZATION)
public class AuthenticationGate implements ContainerRequestFilter {

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource == null ? null : resource.getResourceMethod();
        Class<?> type = resource == null ? null : resource.getResourceClass();
        if (method == null || type == null || method.isAnnotationPresent(PublicEndpoint.class)
                || type.isAnnotationPresent(PublicEndpoint.class)) {
            return;
        }
        if (!(request.getProperty(UserPrincipal.REQUEST_PROPERTY) instanceof UserPrincipal)) {
            request.abortWith(ProblemResponses.builder(Problem.of(401, "unauthenticated", "Unauthenticated",
                    "sign in (POST /api/v1/auth/login), or send an API token as 'Authorization: Bearer <token>'"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"relata\"").build());
        }
    }
}
