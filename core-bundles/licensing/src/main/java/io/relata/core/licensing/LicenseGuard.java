package io.relata.core.licensing;

import java.util.Optional;
import java.util.Set;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.license.LicenseStatus;
import io.relata.core.rest.route.CoreRoute;

/**
 * Enforces the license on the REST API: once the grace period is over, changes to a licensed module's
 * records answer 403 naming the license (reads go on; nothing is hidden). {@link LicenseWarning} tells clients
 * when the license is expiring or in its grace period. It runs at the default (user) priority, after
 * authentication and authorisation.
 */
@Component(service = ContainerRequestFilter.class)
@CoreRoute
public class LicenseGuard implements ContainerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Context
    private ResourceInfo resource;

    @Reference
    private LicenseService licenses;

    @Reference
    private LicensedModules modules;

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || resource == null || resource.getResourceClass() == null) {
            return;
        }
        Optional<String> key = modules.licenseKeyOf(FrameworkUtil.getBundle(resource.getResourceClass()));
        if (key.isPresent() && !licenses.permitsWrites(key.get())) {
            LicenseStatus status = licenses.status();
            String detail = status.current()
                    .map(license -> "license " + license.id() + " expired on " + license.expiresAt()
                            + " and its grace period ended on " + status.graceEndsAt() + ": module '" + key.get()
                            + "' is read-only until a renewed license is installed")
                    .orElse("no license for module '" + key.get() + "' is installed");
            request.abortWith(Problems.forbidden(detail, status));
        }
    }
}
