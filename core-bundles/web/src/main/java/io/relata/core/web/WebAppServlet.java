package io.relata.core.web;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;


/**
 * Serves the single-page app through the OSGi HTTP Whiteboard, on the same port as the REST API: {@code /}
 * (exactly the root) answers index.html, {@code /ui/<version>/...} the app's ES modules, styles and message
 * files. Routes inside the app are in the URL fragment ({@code /#/customers/…}), so no other path is taken:
 * every other path stays with the REST runtime, which answers Relata's {@code no-route} problem, and
 * {@code /api/v1} is a servlet context of its own that this never sees. Registered by {@link WebApp}.
 */
final class WebAppServlet extends HttpServlet {

    static final String ASSETS = "/ui";
    /** No inline script or style anywhere; plugin scripts come from this server too. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final long serialVersionUID = 1L;

    private final transient WebAssets assets;

    WebAppServlet(WebAssets assets) {
        this.assets = assets;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean body) throws IOException {
        securityHeaders(response);
        String path = path(request);
        if (path.isEmpty() || path.equals("/") || path.equals("/index.html")) {
            response.setHeader("Cache-Control", "no-cache");
            write(response, "text/html; charset=utf-8", assets.index(), body);
            return;
        }
        if (path.startsWith(ASSETS + "/")) {
            String rest = path.substring(ASSETS.length() + 1);
            int slash = rest.indexOf('/');
            if (slash > 0) {
                String version = rest.substring(0, slash);
                Optional<WebAssets.Asset> asset = assets.asset(rest.substring(slash + 1));
                if (asset.isPresent()) {
                    // an older version's URL (a page loaded before an update) still gets today's file, uncached
                    response.setHeader("Cache-Control", version.equals(assets.version())
                            ? "public, max-age=31536000, immutable" : "no-cache");
                    write(response, asset.get().contentType(), asset.get().content(), body);
                    return;
                }
            }
        }
        response.setHeader("Cache-Control", "no-cache");
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        write(response, "text/plain; charset=utf-8", "Not found\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                body);
    }

    /** The path inside the servlet context, without the query. */
    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.contains("..") || path.contains("//") || path.contains("\\") ? "/invalid" : path;
    }

    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }

    private static void write(HttpServletResponse response, String contentType, byte[] content, boolean body)
            throws IOException {
        response.setContentType(contentType);
        response.setContentLength(content.length);
        if (body) {
            response.getOutputStream().write(content);
        }
    }
}
