package io.relata.core.licensing;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.core.rest.route.CoreRoute;

/**
 * While the license is expiring or in its grace period, every answer of the REST API carries a {@code Warning}
 * header for clients and the UI to show. Apart from {@link LicenseGuard}, which needs the matched resource: CXF
 * injects a filter's {@code @Context} fields again before each of its calls, and the answer needs none of them.
 */
@Component(service = ContainerResponseFilter.class)
@CoreRoute
public class LicenseWarning implements ContainerResponseFilter {

    @Reference
    private LicenseService licenses;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        licenses.status().warningMessage().ifPresent(warning ->
                response.getHeaders().add("Warning", "299 relata \"" + warning.replace('"', '\'') + "\""));
    }
}
