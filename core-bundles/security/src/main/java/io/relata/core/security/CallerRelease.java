package io.relata.core.security;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.core.rest.route.CoreRoute;

/**
 * Forgets the caller that {@link AuthenticationFilter} bound to the request's thread, once the answer is made, so
 * that the thread's next request starts with nobody. A filter of its own, without injected context: CXF injects a
 * filter's {@code @Context} fields again before each of its calls, and the answer needs none of them.
 */
@Component(service = ContainerResponseFilter.class)
@CoreRoute
@Priority(Priorities.AUTHENTICATION)
public class CallerRelease implements ContainerResponseFilter {

    @Reference
    private SecurityService security;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        security.clear();
    }
}
