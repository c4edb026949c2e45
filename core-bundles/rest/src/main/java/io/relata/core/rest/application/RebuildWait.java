package io.relata.core.rest.application;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import javax.servlet.http.Part;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.rest.RestResource;

/**
 * Holds an API request that arrives while the JAX-RS whiteboard rebuilds the application, until the rebuilt one
 * serves it.
 *
 * <p>Aries rebuilds the whole CXF server of {@code /api/v1} whenever a resource or extension comes or goes, so at
 * every plugin deploy, undeploy or restart. Between destroying the old server and starting the new one (tens of
 * milliseconds, more on a loaded machine) CXF's servlet knows no endpoint and answers every route, the plugin's and
 * core's alike, with its own 404 page (or, when the old server goes between finding the endpoint and handing it the
 * request, fails with a {@link NullPointerException} that the runtime turns into a 500): a client polling
 * {@code /api/v1/health} every 20 ms saw one or two such failures per deploy. This filter sits in front of that
 * servlet, in the servlet context the whiteboard makes for the application, and recognises that answer before any
 * byte of it is sent: status 404, type {@code text/html}, written through {@link HttpServletResponse#getWriter()},
 * which CXF's JAX-RS path never uses (it writes every response, Relata's own 404 problems too, to the output
 * stream); and that exception, thrown from {@code AbstractHTTPDestination.invoke}. It then runs the request again
 * after a few milliseconds, then less and less often. CXF looks for the endpoint before reading anything, so the
 * body is still unread; should a request's body have been touched all the same, it is not run again. When the
 * application is still missing after {@link #PATIENCE}, the client gets 503 with {@code Retry-After} as a problem,
 * not the runtime's HTML. Until the application has served its first request the server is starting, not
 * rebuilding: the 503 then comes at once, so that a load balancer's health checks neither hold threads nor fill the
 * log.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.name=relata-api-rebuild-wait",
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.filter.asyncSupported=true",
        // Aries names the servlet context of an application "context.for" + its name
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=context.for"
                + RestResource.APPLICATION_NAME + ")"
})
public class RebuildWait implements Filter {

    static final Duration PATIENCE = Duration.ofSeconds(3);
    static final Duration PAUSE = Duration.ofMillis(5);
    static final String STARTING = "the API is starting; try again in a moment";
    private static final long MAX_PAUSE_MILLIS = 40;
    private static final Logger LOG = LoggerFactory.getLogger(RebuildWait.class);

    private final long patienceNanos;
    private final long pauseMillis;
    /** Whether the application has served a request: before that it is starting, not being rebuilt. */
    private volatile boolean served;

    public RebuildWait() {
        this(PATIENCE, PAUSE);
    }

    RebuildWait(Duration patience, Duration pause) {
        this.patienceNanos = patience.toNanos();
        this.pauseMillis = pause.toMillis();
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse answer)) {
            chain.doFilter(request, response);
            return;
        }
        WatchedRequest watched = new WatchedRequest(http);
        long deadline = System.nanoTime() + patienceNanos;
        int attempts = 0;
        while (true) {
            attempts++;
            HeldNotFound held = new HeldNotFound(answer);
            try {
                chain.doFilter(watched, held);
            } catch (NullPointerException e) {
                if (!endpointDestroyedMidway(e) || watched.bodyTouched() || answer.isCommitted()) {
                    throw e;
                }
                held.endpointDestroyed();
            }
            if (!held.noEndpoint()) {
                if (!served) {
                    served = true; // once: a volatile write on every request would cost the hot path for nothing
                }
                if (attempts > 1) {
                    LOG.debug("{} {} served after {} attempts while the application was rebuilt", http.getMethod(),
                            http.getRequestURI(), attempts);
                }
                return;
            }
            if (watched.bodyTouched() || answer.isCommitted()) {
                held.sendAsIs();
                return;
            }
            answer.reset();
            if (!served) {
                // starting, not rebuilding: waiting would hold a thread (and fill the log) for nothing
                unavailable(answer, STARTING);
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                gaveUp(http, answer);
                return;
            }
            try {
                // CXF logs a warning per attempt: back off so that a slow rebuild is not a page of them
                TimeUnit.MILLISECONDS.sleep(Math.min(pauseMillis << Math.min(attempts - 1, 4), MAX_PAUSE_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                gaveUp(http, answer);
                return;
            }
        }
    }

    /**
     * The other face of a rebuild: CXF found the endpoint, and the old server was destroyed before it handed the
     * request over, so {@code AbstractHTTPDestination.invoke} meets a null observer (the runtime then answers 500).
     * Nothing of the request was read or answered yet.
     */
    static boolean endpointDestroyedMidway(NullPointerException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0
                && "org.apache.cxf.transport.http.AbstractHTTPDestination".equals(trace[0].getClassName())
                && "invoke".equals(trace[0].getMethodName());
    }

    private void gaveUp(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.warn("{} {}: the REST application was not serving after {} ms; answered 503", request.getMethod(),
                request.getRequestURI(), TimeUnit.NANOSECONDS.toMillis(patienceNanos));
        unavailable(response, "the API is being rebuilt after a module change; try again in a moment");
    }

    /** @param detail fixed text: nothing of the request is echoed, so no JSON escaping is needed */
    static void unavailable(HttpServletResponse response, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "1");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"https://relata.io/problems/unavailable\",\"title\":\"Unavailable\","
                + "\"status\":503,\"detail\":\"" + detail + "\"}");
    }

    @Override
    public void destroy() {
        // nothing held
    }

    /**
     * Recognises CXF's answer for a path without an endpoint: 404 and {@code text/html}, then the writer. That
     * answer is written to a buffer instead; everything else goes through untouched.
     */
    static final class HeldNotFound extends HttpServletResponseWrapper {
        private StringWriter captured;

        HeldNotFound(HttpServletResponse response) {
            super(response);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (captured == null && getStatus() == HttpServletResponse.SC_NOT_FOUND && !isCommitted()
                    && String.valueOf(getContentType()).startsWith("text/html")) {
                captured = new StringWriter();
                return new PrintWriter(captured);
            }
            if (captured != null) {
                return new PrintWriter(captured);
            }
            return super.getWriter();
        }

        boolean noEndpoint() {
            return captured != null;
        }

        /** As if CXF had answered that it has no endpoint: the request is run again like one. */
        void endpointDestroyed() {
            if (captured == null) {
                captured = new StringWriter();
            }
        }

        void sendAsIs() throws IOException {
            super.getWriter().write(captured.toString());
        }
    }

    /**
     * Notes whether anything could have read the request body, after which it cannot be run again. Taking the input
     * stream is not reading it: CXF takes it for every request before it hands the request to the endpoint, so only
     * bytes read from it count.
     */
    static final class WatchedRequest extends HttpServletRequestWrapper {
        private volatile boolean bodyTouched;
        private ServletInputStream stream;

        WatchedRequest(HttpServletRequest request) {
            super(request);
        }

        boolean bodyTouched() {
            return bodyTouched;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = BodilessRequests.declaresNoBody(this) ? new NoBody()
                        : new ReadWatchedStream(super.getInputStream());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            bodyTouched = true;
            return super.getReader();
        }

        @Override
        public Collection<Part> getParts() throws IOException, ServletException {
            bodyTouched = true;
            return super.getParts();
        }

        @Override
        public Part getPart(String name) throws IOException, ServletException {
            bodyTouched = true;
            return super.getPart(name);
        }

        // a form's parameters come from its body
        @Override
        public String getParameter(String name) {
            bodyTouched = true;
            return super.getParameter(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            bodyTouched = true;
            return super.getParameterMap();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            bodyTouched = true;
            return super.getParameterNames();
        }

        @Override
        public String[] getParameterValues(String name) {
            bodyTouched = true;
            return super.getParameterValues(name);
        }

        /**
         * The stream of a request that declares no body: at its end from the start. An HTTP/1.x request without
         * {@code Content-Length} or {@code Transfer-Encoding}, or with a length of 0, has none (RFC 9112, 6.3), and
         * for a GET, Jetty's stream would try the connection for one when CXF copies the rest of the input as the
         * answer starts. HTTP/2 frames a body without either header, so it always gets the connector's stream.
         */
        private static final class NoBody extends ServletInputStream {
            @Override
            public int read() {
                return -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return length == 0 ? 0 : -1;
            }

            @Override
            public int available() {
                return 0;
            }

            @Override
            public boolean isFinished() {
                return true;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                try {
                    listener.onAllDataRead();
                } catch (IOException e) {
                    listener.onError(e);
                }
            }
        }

        /** The request's stream, noting the first byte read (every other way of reading comes through these). */
        private final class ReadWatchedStream extends ServletInputStream {
            private final ServletInputStream body;

            ReadWatchedStream(ServletInputStream body) {
                this.body = body;
            }

            @Override
            public int read() throws IOException {
                int read = body.read();
                if (read >= 0) {
                    bodyTouched = true;
                }
                return read;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = body.read(buffer, offset, length);
                if (read > 0) {
                    bodyTouched = true;
                }
                return read;
            }

            @Override
            public int available() throws IOException {
                return body.available();
            }

            @Override
            public boolean isFinished() {
                return body.isFinished();
            }

            @Override
            public boolean isReady() {
                return body.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                bodyTouched = true; // read asynchronously from here on
                body.setReadListener(listener);
            }

            @Override
            public void close() throws IOException {
                bodyTouched = true; // what was not read is gone
                body.close();
            }
        }
    }
}
