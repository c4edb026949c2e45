package io.relata.core.rest.application;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

import io.relata.api.rest.RestResource;

/**
 * Answers every API request with 503 and {@code Retry-After} while the {@code /api/v1} application does not exist:
 * at boot until core's routes are complete (which waits for the schema migrations, for up to a minute when another
 * node holds a schema's lock), and while the REST bundle restarts.
 *
 * <p>The application's servlet context, at {@code /api/v1}, takes every API request once it is there. Before that,
 * such a request falls through to the server's root context, where the whiteboard's default application would
 * answer it with CXF's HTML 404 page: a load balancer would take the node for broken rather than starting. This
 * servlet is more specific than that application's {@code /*}, and is never reached once the application exists.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=relata-api-starting",
        "osgi.http.whiteboard.servlet.pattern=" + RestResource.BASE_PATH + "/*",
        "osgi.http.whiteboard.servlet.asyncSupported=true"
})
public class ApiStarting extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RebuildWait.unavailable(response, RebuildWait.STARTING);
    }
}
