package io.relata.core.rest.application;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.ws.rs.core.Application;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.relata.api.rest.RestResource;
import io.relata.core.rest.json.JsonBodies;
import io.relata.core.rest.json.RelataJson;
import io.relata.core.rest.patch.MergePatchReader;
import io.relata.core.rest.problem.JsonExceptionMapper;
import io.relata.core.rest.problem.ProblemExceptionMapper;
import io.relata.core.rest.problem.UnexpectedExceptionMapper;
import io.relata.core.rest.problem.WebApplicationExceptionMapper;

/**
 * The {@code /api/v1} application. Core's resources and filters are its own singletons, collected by
 * {@link CoreRoutes}: the application is registered once they are all there, and built once. Plugins' resources
 * join it through the whiteboard with {@link RestResource}; the providers here apply to all of them, so a
 * plugin's resource gets JSON, problem details, limits and authentication without selecting anything.
 */
@Component(service = Application.class, configurationPid = RestSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
                JaxrsWhiteboardConstants.JAX_RS_APPLICATION_BASE + "=" + RestResource.BASE_PATH,
                JaxrsWhiteboardConstants.JAX_RS_NAME + "=" + RestResource.APPLICATION_NAME
        },
        // registered after the interceptors (with the requests' class loader): the first build then has them
        reference = @Reference(name = "interceptors", service = org.apache.cxf.feature.Feature.class,
                target = "(" + JaxrsWhiteboardConstants.JAX_RS_NAME + "=" + ApplicationInterceptors.NAME + ")"))
@Designate(ocd = RestSettings.class)
public class RelataApplication extends Application {

    private final long maxRequestBytes;
    private final long maxUploadBytes;
    private final BundleContext context;
    /** Configured once: building a mapper (modules, coercion rules) is not free, and its caches are its worth. */
    private final ObjectMapper template;
    /** The mapper every request uses; replaced by a fresh copy of the template only when a bundle goes away. */
    private ObjectMapper mapper;
    private boolean bundleGone;
    private final BundleListener bundles = event -> {
        if (event.getType() == BundleEvent.UNRESOLVED || event.getType() == BundleEvent.UNINSTALLED) {
            bundleGone();
        }
    };

    private final CoreRoutes routes;

    @Activate
    public RelataApplication(RestSettings settings, BundleContext context, @Reference CoreRoutes routes) {
        this.routes = routes;
        this.maxRequestBytes = settings.max_request_bytes();
        this.maxUploadBytes = settings.max_upload_bytes();
        this.context = context;
        this.template = RelataJson.newMapper();
        this.mapper = template.copy();
        context.addBundleListener(bundles);
    }

    @Deactivate
    void deactivate() {
        try {
            context.removeBundleListener(bundles);
        } catch (IllegalStateException stopping) {
            // the bundle is stopping: its listeners go with it
        }
    }

    private synchronized void bundleGone() {
        bundleGone = true;
    }

    /**
     * The mapper the JSON providers share, across requests and across the whiteboard's rebuilds of the
     * application (it rebuilds whenever a resource or extension comes or goes). Jackson caches what it works
     * out per class — serializers, deserializers, types — which is where its speed comes from, so the mapper
     * lives as long as the application. Those caches would also keep the classes of a plugin that was
     * undeployed, and with them its class loader: once any bundle was unresolved or uninstalled, the next
     * rebuild starts from a fresh copy of the configured template.
     */
    synchronized ObjectMapper mapper() {
        if (bundleGone) {
            bundleGone = false;
            mapper = template.copy();
        }
        return mapper;
    }

    /**
     * Core's routes as they are now, and the providers, built for each (re)build of the application around the
     * one shared {@link #mapper()}: they are light, and the JSON provider's own per-endpoint caches then never
     * outlive a rebuild. The whiteboard asks again at every build.
     */
    @Override
    public Set<Object> getSingletons() {
        ObjectMapper shared = mapper();
        WebApplicationExceptionMapper webApplication = new WebApplicationExceptionMapper();
        Set<Object> singletons = new LinkedHashSet<>(routes.current());
        singletons.addAll(List.of(
                new BasePathGuard(),
                new AuthenticationGate(),
                new JsonBodies(shared),
                new MergePatchReader(shared),
                new RequestSizeLimit(maxRequestBytes, maxUploadBytes),
                new ProblemExceptionMapper(),
                new JsonExceptionMapper(),
                webApplication,
                new UnexpectedExceptionMapper(webApplication)));
        return singletons;
    }
}
