package io.relata.core.rest.application;

import java.time.Clock;

import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.feature.Feature;
import org.apache.cxf.interceptor.InterceptorProvider;
import org.apache.cxf.logging.FaultListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;

import io.relata.api.rest.RestResource;

/**
 * CXF interceptors on the application's endpoint that spare CXF work it would repeat at every request
 * ({@link DateHeader}, {@link BodilessRequests}), the endpoint's fault listener ({@link ClientHangUps}), and the
 * bus's class loader ({@link RequestClassLoader}).
 *
 * <p>The class loader is put on the bus here rather than registered as a {@code cxf.extension} service: Aries
 * builds an application's bus from those services as they are found, first with none, so a single one made every
 * boot build the whole application twice (the first build thrown away). A feature's turn comes at each build, on
 * the application's own bus, before the servlet serves a request.
 *
 * <p>A whiteboard extension, not one of the application's singletons: Aries 2.0.2 takes a CXF feature among an
 * application's singletons for a JAX-RS provider, and CXF then never initialises it. An extension the whiteboard
 * applies as a feature. At boot it is registered before the application (which references it), so it joins the
 * application's first build.
 */
@Component(service = Feature.class, property = {
        JaxrsWhiteboardConstants.JAX_RS_EXTENSION + "=true",
        JaxrsWhiteboardConstants.JAX_RS_NAME + "=" + ApplicationInterceptors.NAME,
        JaxrsWhiteboardConstants.JAX_RS_APPLICATION_SELECT + "=" + RestResource.APPLICATION_SELECT
})
public final class ApplicationInterceptors implements Feature {

    static final String NAME = "relata.cxf-interceptors";

    private final DateHeader dateHeader = new DateHeader(Clock.systemUTC());
    private final BodilessRequests bodilessRequests = new BodilessRequests();
    private final ClientHangUps clientHangUps = new ClientHangUps();
    private final ClassLoader requestClassLoader;

    @Activate
    public ApplicationInterceptors(@Reference ServiceReference<JaxrsServiceRuntime> whiteboard) {
        this(RequestClassLoader.loaderOf(whiteboard.getBundle()));
    }

    ApplicationInterceptors(ClassLoader whiteboard) {
        this.requestClassLoader = new RequestClassLoader(whiteboard);
    }

    @Override
    public void initialize(Server server, Bus bus) {
        bus.setExtension(requestClassLoader, ClassLoader.class);
        server.getEndpoint().getOutInterceptors().add(dateHeader);
        server.getEndpoint().getInInterceptors().add(bodilessRequests);
        server.getEndpoint().put(FaultListener.class.getName(), clientHangUps);
    }

    @Override
    public void initialize(Client client, Bus bus) {
        // the application has no clients
    }

    @Override
    public void initialize(InterceptorProvider provider, Bus bus) {
        // only the application's own endpoint: not the bus, whose other endpoints are not Relata's
    }

    @Override
    public void initialize(Bus bus) {
        // as above
    }
}
