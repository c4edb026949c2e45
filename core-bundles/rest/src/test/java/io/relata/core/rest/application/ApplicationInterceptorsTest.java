package io.relata.core.rest.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import javax.servlet.ServletConfig;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relata.core.rest.testing.LocalJetty;

/**
 * The feature as the whiteboard applies it: to a CXF endpoint built on a bus that has no class loader, behind CXF's
 * servlet in a real Jetty, with requests over HTTP.
 */
class ApplicationInterceptorsTest {

    private static final ClassLoader WHITEBOARD =
            new ClassLoader("whiteboard-bundle", ApplicationInterceptorsTest.class.getClassLoader()) { };

    private static Server jetty;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Path("context")
    public static class ContextResource {

        @GET
        @Path("loader")
        @Produces(MediaType.TEXT_PLAIN)
        public String loader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context.getName() + " < " + context.getParent().getName();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        CXFNonSpringServlet servlet = new CXFNonSpringServlet() {
            @Override
            protected void loadBus(ServletConfig config) {
                super.loadBus(config);
                assertThat(getBus().getExtension(ClassLoader.class)).as("a bus as Aries builds it").isNull();
                JAXRSServerFactoryBean endpoint = new JAXRSServerFactoryBean();
                endpoint.setBus(getBus());
                endpoint.setAddress("/");
                endpoint.setServiceBeans(List.of(new ContextResource()));
                endpoint.getFeatures().add(new ApplicationInterceptors(WHITEBOARD));
                endpoint.create();
            }
        };
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(servlet), "/*");
        jetty = LocalJetty.start(context);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    @Test
    void requestsRunWithTheRequestClassLoaderOverTheWhiteboardsBundle() throws Exception {
        HttpResponse<String> answer = get("/context/loader");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(RequestClassLoader.NAME + " < whiteboard-bundle");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LocalJetty.port(jetty) + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
