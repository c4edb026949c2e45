package io.relata.core.rest.application;

import java.time.Clock;

import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.feature.Feature;
import org.apache.cxf.interceptor.InterceptorProvider;
import org.apache.cxf.logging.FaultListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;

import io.relata.api.rest.RestResource;

/**
 * CXF interceptors on the application's endpoint that spare CXF work it would repeat at every request
 * ({@link DateHeader}, {@link BodilessRequests}), and the endpoint's fault listener ({@link ClientHangUps}).
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

    @Override
    public void initialize(Server server, Bus bus) {
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
