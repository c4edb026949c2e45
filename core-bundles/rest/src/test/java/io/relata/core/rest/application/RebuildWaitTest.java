package io.relata.core.rest.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relata.core.rest.testing.LocalJetty;

/**
 * {@link RebuildWait} in front of a servlet that answers as CXF's does while the whiteboard rebuilds the application,
 * on a real Jetty (the one Karaf runs) over real HTTP.
 */
class RebuildWaitTest {

    private static final Duration PATIENCE = Duration.ofMillis(300);
    private static Server jetty;
    private static URI base;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** How many more times the endpoint answers as if the application were being rebuilt. */
    private static final AtomicInteger rebuilding = new AtomicInteger();
    private static final AtomicInteger calls = new AtomicInteger();
    /** How many more times the old server goes between CXF finding the endpoint and invoking it. */
    private static final AtomicInteger destroyedMidway = new AtomicInteger();
    private static volatile RebuildWait filter;
    /** How many times a request's stream was taken from the connector (through the filter under test). */
    private static final AtomicInteger connectorStreams = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/api/v1");
        context.addFilter(new FilterHolder(new Filter() {
            @Override
            public void init(FilterConfig config) {
                // the filter under test is made per test
            }

            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                filter.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public ServletInputStream getInputStream() throws IOException {
                        connectorStreams.incrementAndGet();
                        return super.getInputStream();
                    }
                }, response, chain);
            }

            @Override
            public void destroy() {
                // nothing held
            }
        }), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Endpoint()), "/*");
        jetty = LocalJetty.start(context);
        base = URI.create("http://127.0.0.1:" + LocalJetty.port(jetty) + "/api/v1");
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    /** A filter of its own for each test, which has seen the application serve once. */
    @BeforeEach
    void servedOnce() throws Exception {
        filter = new RebuildWait(PATIENCE, Duration.ofMillis(5));
        rebuilding.set(0);
        destroyedMidway.set(0);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        calls.set(0);
        connectorStreams.set(0);
    }

    @Test
    void beforeTheApplicationFirstServedTheAnswerIsUnavailableAtOnce() throws Exception {
        filter = new RebuildWait(PATIENCE, Duration.ofMillis(5));
        rebuilding.set(Integer.MAX_VALUE);
        long started = System.nanoTime();

        HttpResponse<String> response = get("/health");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PATIENCE);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body()).contains("https://relata.io/problems/unavailable", "starting");
        assertThat(calls).as("not run again: the server is starting, not rebuilding").hasValue(1);
    }

    @Test
    void aRequestDuringTheRebuildIsServedByTheRebuiltApplication() throws Exception {
        rebuilding.set(3);

        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(calls).hasValue(4);
    }

    @Test
    void anEndpointDestroyedBetweenFindingItAndInvokingItIsTriedAgain() throws Exception {
        destroyedMidway.set(2);

        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aBodyStillUnreadIsThereWhenAnEndpointDestroyedMidwayRunsAgain() throws Exception {
        destroyedMidway.set(1);

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v1/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Acme\"}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"name\":\"Acme\"}");
        assertThat(calls).hasValue(2);
    }

    @Test
    void anyOtherFailureGoesThroughAsItWas() throws Exception {
        HttpResponse<String> response = get("/broken");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aBodyStillUnreadIsThereWhenTheRequestRunsAgain() throws Exception {
        rebuilding.set(2);

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v1/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"正源科技\"}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"name\":\"正源科技\"}");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aRequestWhoseBodyWasReadIsNeverRunAgain() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v1/read-then-missing"))
                .POST(HttpRequest.BodyPublishers.ofString("once")));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(Endpoint.NO_SERVICE);
        assertThat(calls).hasValue(1);
    }

    @Test
    void relatasOwnNotFoundGoesThroughAtOnce() throws Exception {
        HttpResponse<String> response = get("/no-such-route");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("no-route");
        assertThat(calls).hasValue(1);
    }

    @Test
    void anHtmlNotFoundWrittenToTheStreamIsNotTakenForTheRebuild() throws Exception {
        HttpResponse<String> response = get("/html-stream");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("<p>gone</p>");
        assertThat(calls).hasValue(1);
    }

    @Test
    void anApplicationThatStaysAwayGivesUnavailableWithRetryAfter() throws Exception {
        rebuilding.set(Integer.MAX_VALUE);
        long started = System.nanoTime();

        HttpResponse<String> response = get("/health");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(PATIENCE);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":503", "https://relata.io/problems/unavailable", "rebuilt")
                .doesNotContain("<html>");
        assertThat(calls.get()).isGreaterThan(2);
    }

    @Test
    void aRequestWithoutABodyIsAtItsEndWithoutAskingTheConnection() throws Exception {
        HttpResponse<String> response = get("/drain");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("0 bytes, available 0, finished");
        assertThat(connectorStreams).as("the connector's stream, which would try the connection").hasValue(0);

        HttpResponse<String> empty = send(HttpRequest.newBuilder(base.resolve("/api/v1/drain"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(empty.body()).isEqualTo("0 bytes, available 0, finished");
        assertThat(connectorStreams).hasValue(0);
    }

    @Test
    void aBodyDeclaredByItsLengthOrSentInChunksIsReadFromTheConnection() throws Exception {
        HttpResponse<String> declared = send(HttpRequest.newBuilder(base.resolve("/api/v1/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Acme\"}")));
        assertThat(declared.body()).isEqualTo("{\"name\":\"Acme\"}");
        assertThat(connectorStreams).hasValue(1);

        HttpResponse<String> chunked = send(HttpRequest.newBuilder(base.resolve("/api/v1/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream("{\"name\":\"正源科技\"}".getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.body()).isEqualTo("{\"name\":\"正源科技\"}");
        assertThat(connectorStreams).hasValue(2);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1" + path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Answers as CXF's servlet does: without an endpoint while "rebuilding", else as the JAX-RS path would. */
    static final class Endpoint extends HttpServlet {
        private static final long serialVersionUID = 1L;
        static final String NO_SERVICE = "<html><body>No service was found.</body></html>";

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            calls.incrementAndGet();
            String path = request.getPathInfo();
            if ("/read-then-missing".equals(path)) {
                request.getInputStream().readAllBytes();
                noEndpoint(response);
                return;
            }
            if (rebuilding.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                noEndpoint(response);
                return;
            }
            if (destroyedMidway.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                request.getInputStream(); // as CXF's destination takes it, unread, before it meets the null observer
                throw observerGone();
            }
            if ("/broken".equals(path)) {
                throw new NullPointerException("a bug of the resource");
            }
            switch (path) {
                case "/health" -> answer(response, 200, "application/json", "{\"status\":\"UP\"}");
                case "/echo" -> answer(response, 201, "application/json",
                        new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                case "/drain" -> {
                    ServletInputStream body = request.getInputStream();
                    int available = body.available();
                    int read = body.readAllBytes().length;
                    answer(response, 200, "text/plain",
                            read + " bytes, available " + available + (body.isFinished() ? ", finished" : ""));
                }
                case "/html-stream" -> answer(response, 404, "text/html", "<p>gone</p>");
                default -> answer(response, 404, "application/problem+json",
                        "{\"type\":\"https://relata.io/problems/no-route\",\"status\":404}");
            }
        }

        /** What CXF's destination throws when its server was destroyed after the servlet had found it. */
        private static NullPointerException observerGone() {
            NullPointerException gone = new NullPointerException("this.incomingObserver is null");
            gone.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                    "org.apache.cxf.transport.http.AbstractHTTPDestination", "invoke", "AbstractHTTPDestination.java",
                    265)});
            return gone;
        }

        /** CXF's ServletController for a path no endpoint serves. */
        private static void noEndpoint(HttpServletResponse response) throws IOException {
            response.setStatus(404);
            response.setContentType("text/html");
            response.getWriter().write(NO_SERVICE);
        }

        /** The JAX-RS path: status, type, then the body through the output stream. */
        private static void answer(HttpServletResponse response, int status, String type, String body)
                throws IOException {
            response.setStatus(status);
            response.setContentType(type);
            response.setCharacterEncoding("UTF-8");
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
