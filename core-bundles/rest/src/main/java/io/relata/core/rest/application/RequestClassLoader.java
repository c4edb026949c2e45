package io.relata.core.rest.application;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The context class loader of the API's requests, which {@link ApplicationInterceptors} hands to CXF as the
 * {@code ClassLoader} extension of the application's bus.
 *
 * <p>CXF's servlet makes a request's context class loader the bus's {@code ClassLoader} extension. When the bus has
 * none, as Aries builds it, the servlet asks its resource resolvers for one at every request, and they answer only
 * after looking for a resource named {@code ""} on the JVM's class path (a lookup in each of its jars) and in the
 * whiteboard's bundle: 4 to 8 % of a GET's CPU in a profile of the benchmark.
 *
 * <p>It delegates to the class loader of the bundle that runs the JAX-RS whiteboard: the bus's own, and the bundle
 * whose servlet context set the context class loader of these requests before. Relata's code does not use the
 * context class loader; the libraries on a request's path that do (CXF itself) see what they saw.
 */
final class RequestClassLoader extends ClassLoader {

    static final String NAME = "relata-api-requests";

    static {
        registerAsParallelCapable();
    }

    RequestClassLoader(ClassLoader whiteboard) {
        super(NAME, whiteboard);
    }

    static ClassLoader loaderOf(Bundle bundle) {
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        if (wiring == null || wiring.getClassLoader() == null) {
            throw new IllegalStateException("the JAX-RS whiteboard's bundle is not resolved");
        }
        return wiring.getClassLoader();
    }
}
