package io.relata.core.rest.application;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;

import io.relata.api.rest.RestResource;

/**
 * The context class loader of the API's requests, handed to CXF as an extension of the application's bus.
 *
 * <p>CXF's servlet makes a request's context class loader the bus's {@code ClassLoader} extension. When the bus has
 * none, as Aries builds it, the servlet asks its resource resolvers for one at every request, and they answer only
 * after looking for a resource named {@code ""} on the JVM's class path (a lookup in each of its jars) and in the
 * whiteboard's bundle: 4 to 8 % of a GET's CPU in a profile of the benchmark. Aries puts services marked
 * {@code cxf.extension} on the bus of the applications they select, so the lookup ends with this loader.
 *
 * <p>It delegates to the class loader of the bundle that runs the JAX-RS whiteboard: the bus's own, and the bundle
 * whose servlet context set the context class loader of these requests before. Relata's code does not use the
 * context class loader; the libraries on a request's path that do (CXF itself) see what they saw.
 */
@Component(service = ClassLoader.class, property = {
        RequestClassLoader.CXF_EXTENSION + "=true",
        JaxrsWhiteboardConstants.JAX_RS_APPLICATION_SELECT + "=" + RestResource.APPLICATION_SELECT
})
public final class RequestClassLoader extends ClassLoader {

    /** The service property by which the Aries JAX-RS whiteboard finds extensions for its CXF buses. */
    static final String CXF_EXTENSION = "cxf.extension";

    static {
        registerAsParallelCapable();
    }

    @Activate
    public RequestClassLoader(@Reference ServiceReference<JaxrsServiceRuntime> whiteboard) {
        this(loaderOf(whiteboard.getBundle()));
    }

    RequestClassLoader(ClassLoader whiteboard) {
        super("relata-api-requests", whiteboard);
    }

    private static ClassLoader loaderOf(Bundle bundle) {
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        if (wiring == null || wiring.getClassLoader() == null) {
            throw new IllegalStateException("the JAX-RS whiteboard's bundle is not resolved");
        }
        return wiring.getClassLoader();
    }
}
