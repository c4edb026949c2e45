package io.relata.core.web;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Puts the web app on the OSGi HTTP Whiteboard: {@link WebAppServlet} at {@code /ui/*} and {@code /index.html},
 * and a filter that answers {@code /} itself. The root needs the filter: the JAX-RS whiteboard's default
 * application is a servlet at {@code /*} in the same context, which beats any servlet mapping of {@code /}
 * (pax-web turns the servlet spec's exact-root pattern {@code ""} into {@code /}). The filter lets every other
 * path through, so the REST runtime keeps answering its {@code no-route} problem for paths outside
 * {@code /api/v1}, and {@code /api/v1} itself is a servlet context of its own that none of this touches.
 */
@Component(immediate = true)
public class WebApp {

    private final ServiceRegistration<Servlet> servlet;
    private final ServiceRegistration<Filter> root;

    @Activate
    public WebApp(BundleContext context) {
        WebAppServlet app = new WebAppServlet(WebAssets.of(context.getBundle()));
        Dictionary<String, Object> servletProperties = new Hashtable<>();
        servletProperties.put("osgi.http.whiteboard.servlet.name", "relata-web");
        // "/" only matters when no JAX-RS default application holds /* (then unknown paths get a plain 404)
        servletProperties.put("osgi.http.whiteboard.servlet.pattern",
                new String[] {"/", "/index.html", WebAppServlet.ASSETS + "/*"});
        servlet = context.registerService(Servlet.class, app, servletProperties);

        Dictionary<String, Object> filterProperties = new Hashtable<>();
        filterProperties.put("osgi.http.whiteboard.filter.name", "relata-web-root");
        filterProperties.put("osgi.http.whiteboard.filter.pattern", "/*");
        root = context.registerService(Filter.class, new RootFilter(app), filterProperties);
    }

    @Deactivate
    void deactivate() {
        root.unregister();
        servlet.unregister();
    }

    /** Serves exactly {@code /} (GET and HEAD) with the app's index.html; passes everything else on untouched. */
    static final class RootFilter implements Filter {
        private static final Set<String> READ = Set.of("GET", "HEAD");
        private final WebAppServlet app;

        RootFilter(WebAppServlet app) {
            this.app = app;
        }

        @Override
        public void init(FilterConfig config) {
            // nothing to set up
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http && READ.contains(http.getMethod())
                    && (http.getContextPath() + "/").equals(http.getRequestURI())) {
                app.service(request, response);
                return;
            }
            chain.doFilter(request, response);
        }

        @Override
        public void destroy() {
            // nothing held
        }
    }
}
