package io.relata.core.rest.openapi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.rest.PublicEndpoint;
import io.relata.api.rest.RestResource;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/openapi.json}: an OpenAPI 3 document of every resource in the Relata application,
 * rebuilt when a module adds or removes a resource, so plugins installed later appear without a restart.
 */
@Component(service = OpenApiResource.class)
@CoreRoute
@PublicEndpoint
@Path("openapi.json")
public class OpenApiResource {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiResource.class);
    private static final Map<String, Object> APPLICATION = Map.of(
            JaxrsWhiteboardConstants.JAX_RS_NAME, RestResource.APPLICATION_NAME,
            JaxrsWhiteboardConstants.JAX_RS_APPLICATION_BASE, RestResource.BASE_PATH);

    private final ServiceTracker<Object, Class<?>> resources;
    private final String version;
    private volatile String document;

    /**
     * Tracks resource services of every type (a DS reference would only see one service interface) and keeps
     * their classes, loaded from the registering bundle without activating the resource.
     */
    @Activate
    public OpenApiResource(BundleContext context) throws InvalidSyntaxException {
        this.version = context.getBundle().getVersion().toString();
        Filter resourceServices = context.createFilter("(|(" + JaxrsWhiteboardConstants.JAX_RS_RESOURCE + "=true)("
                + CoreRoute.PROPERTY + "=true))");
        this.resources = new ServiceTracker<>(context, resourceServices, new ServiceTrackerCustomizer<>() {
            @Override
            public Class<?> addingService(ServiceReference<Object> reference) {
                Class<?> type = isCoreRoute(reference) ? pathType(reference)
                        : joinsRelata(reference) ? resourceClass(reference) : null;
                if (type != null) {
                    document = null;
                }
                return type;
            }

            @Override
            public void modifiedService(ServiceReference<Object> reference, Class<?> type) {
                document = null;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Class<?> type) {
                document = null;
            }
        });
        resources.open(true);
    }

    @Deactivate
    void deactivate() {
        resources.close();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String openApi() {
        String current = document;
        if (current == null) {
            Set<Class<?>> types = new LinkedHashSet<>(resources.getTracked().values());
            current = OpenApiDocument.render(types, version);
            LOG.debug("OpenAPI document rebuilt from {} resource classes", types.size());
            document = current;
        }
        return current;
    }

    private static boolean isCoreRoute(ServiceReference<Object> reference) {
        return Boolean.TRUE.equals(reference.getProperty(CoreRoute.PROPERTY));
    }

    private static boolean joinsRelata(ServiceReference<Object> reference) {
        Object select = reference.getProperty(JaxrsWhiteboardConstants.JAX_RS_APPLICATION_SELECT);
        if (!(select instanceof String filter)) {
            return false;
        }
        try {
            Filter application = FrameworkUtil.createFilter(filter);
            return application.matches(APPLICATION);
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    /** The class carrying the JAX-RS annotations, found from the service's registered types without activating it. */
    private static Class<?> resourceClass(ServiceReference<Object> reference) {
        Class<?> type = pathType(reference);
        if (type != null) {
            return type;
        }
        List<String> names = List.of((String[]) reference.getProperty(Constants.OBJECTCLASS));
        LOG.warn("Resource service {} is registered under no @Path type ({}); it is left out of the OpenAPI document",
                reference.getProperty(Constants.SERVICE_ID), names);
        return null;
    }

    /** The registered type annotated with {@link Path}; {@code null} for a filter or provider. */
    private static Class<?> pathType(ServiceReference<Object> reference) {
        for (String name : (String[]) reference.getProperty(Constants.OBJECTCLASS)) {
            try {
                Class<?> type = reference.getBundle().loadClass(name);
                if (type.isAnnotationPresent(Path.class)) {
                    return type;
                }
            } catch (ClassNotFoundException | IllegalStateException e) {
                LOG.debug("Resource type {} not loadable from its bundle", name, e);
            }
        }
        return null;
    }
}
