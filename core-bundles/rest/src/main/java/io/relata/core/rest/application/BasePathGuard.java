package io.relata.core.rest.application;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;

import io.relata.api.rest.Problem;
import io.relata.api.rest.RestResource;
import io.relata.core.rest.problem.ProblemResponses;

/**
 * Answers 404 for requests that reach Relata's resources outside {@value RestResource#BASE_PATH}. The JAX-RS
 * whiteboard also routes the default application's path ({@code /}) to them, so the base path alone does not
 * keep the API where it is documented (and secured).
 */
@PreMatching
public class BasePathGuard implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (!path.equals(RestResource.BASE_PATH) && !path.startsWith(RestResource.BASE_PATH + "/")) {
            request.abortWith(ProblemResponses.of(Problem.of(404, "no-route", "Not found",
                    "no resource answers " + request.getMethod() + " " + path + "; the API is under "
                            + RestResource.BASE_PATH)));
        }
    }
}
