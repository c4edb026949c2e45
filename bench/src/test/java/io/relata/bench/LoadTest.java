package io.relata.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a real Jetty: what it reads off the wire, and what it counts. A figure the suite
 * reports is only as good as these counts (an error taken for a success would pass the concurrency target).
 */
class LoadTest {

    private static Server server;
    private static int port;
    /** The client ports of the connections the server saw, per path: one port means one kept-alive connection. */
    private static final Map<String, Set<Integer>> CLIENT_PORTS = new ConcurrentHashMap<>();
    private static final AtomicLong ANSWERS = new AtomicLong();

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                String client = request.getHeader("X-Client") == null ? "" : request.getHeader("X-Client");
                CLIENT_PORTS.computeIfAbsent(client, k -> ConcurrentHashMap.newKeySet())
                        .add(request.getRemotePort());
                ANSWERS.incrementAndGet();
                response.setContentType("application/json;charset=utf-8");
                switch (request.getPathInfo()) {
                    case "/ok" -> {
                        byte[] body = ("{\"name\":\"Müller 华信\",\"echo\":\""
                                + new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + "\"}")
                                .getBytes(StandardCharsets.UTF_8);
                        response.setContentLength(body.length);
                        response.getOutputStream().write(body);
                    }
                    case "/chunked" -> {
                        // no length, flushed part by part: Jetty sends it chunked
                        PrintWriter out = response.getWriter();
                        for (int i = 0; i < 3000; i++) {
                            out.print("line " + i + " 华\n");
                            if (i % 500 == 0) {
                                out.flush();
                            }
                        }
                    }
                    case "/fail" -> response.sendError(500, "broken on purpose");
                    case "/close" -> {
                        response.setHeader("Connection", "close");
                        response.setContentLength(2);
                        response.getWriter().print("{}");
                    }
                    default -> response.sendError(404);
                }
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void readsBodiesWithALengthAndChunkedOnOneKeptAliveConnection() throws Exception {
        try (Load.HttpConnection http = new Load.HttpConnection("127.0.0.1", port)) {
            Map<String, String> headers = Map.of("X-Client", "keep-alive");
            assertThat(http.send("POST", "/ok", headers, "hi".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
            assertThat(http.body).isEqualTo("{\"name\":\"Müller 华信\",\"echo\":\"hi\"}");

            assertThat(http.send("GET", "/chunked", headers, null)).isEqualTo(200);
            assertThat(http.headers).containsEntry("transfer-encoding", "chunked");
            assertThat(http.body.lines().toList()).hasSize(3000).startsWith("line 0 华").endsWith("line 2999 华");

            assertThat(http.send("GET", "/fail", headers, null)).isEqualTo(500);
            assertThat(http.send("GET", "/ok", headers, null)).isEqualTo(200);
            assertThat(http.body).contains("\"echo\":\"\"");
        }
        assertThat(CLIENT_PORTS.get("keep-alive")).as("every request on the same connection").hasSize(1);
    }

    @Test
    void anAnswerThatClosesTheConnectionSaysSo() throws Exception {
        try (Load.HttpConnection http = new Load.HttpConnection("127.0.0.1", port)) {
            assertThatThrownBy(() -> http.send("GET", "/close", Map.of(), null))
                    .isInstanceOfSatisfying(Load.ClosedAfterAnswer.class, e -> assertThat(e.status).isEqualTo(200));
            assertThat(http.body).isEqualTo("{}");
        }
    }

    @Test
    void aRunCountsSuccessesAndErrorAnswersApart() throws Exception {
        long answersBefore = ANSWERS.get();
        Load.Result result = Load.run("test", 2, Duration.ZERO, Duration.ofMillis(800), worker -> {
            Load.HttpConnection http = new Load.HttpConnection("127.0.0.1", port);
            AtomicLong n = new AtomicLong();
            return new Load.Operation() {
                @Override
                public void run() throws Exception {
                    // one error answer in four
                    String path = n.incrementAndGet() % 4 == 0 ? "/fail" : "/ok";
                    if (http.send("GET", path, Map.of("X-Client", "run"), null) != 200) {
                        throw new Load.Failure("status " + http.status);
                    }
                }

                @Override
                public void close() throws IOException {
                    http.close();
                }
            };
        });
        assertThat(result.operations()).isPositive();
        assertThat(result.histogram().getTotalCount()).isEqualTo(result.operations());
        assertThat(result.errorAnswers()).isPositive().isEqualTo(result.errors());
        // three successes to one error answer, give or take the operations cut off at the end of the period
        assertThat((double) result.operations() / result.errorAnswers()).isBetween(2.5, 3.5);
        assertThat(result.refused()).isZero();
        assertThat(result.errorSamples()).containsOnlyKeys("status 500");
        assertThat(result.json()).containsEntry("ioFailures", 0L).containsKeys("p50Ms", "p95Ms", "p99Ms");
        assertThat(ANSWERS.get() - answersBefore).isGreaterThanOrEqualTo(result.operations()
                + result.errorAnswers());
        assertThat(CLIENT_PORTS.get("run")).as("one kept-alive connection per worker, error answers included")
                .hasSize(2);
    }

    @Test
    void connectionsNobodyAcceptsAreCountedAsRefusedNotAsOperations() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Load.Result result = Load.run("refused", 2, Duration.ZERO, Duration.ofMillis(300), worker -> {
            Load.HttpConnection http = new Load.HttpConnection("127.0.0.1", closedPort);
            return () -> http.send("GET", "/ok", Map.of(), null);
        });
        assertThat(result.operations()).isZero();
        assertThat(result.refused()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.percentileMs(99)).isNaN();
    }

    @Test
    void aServerIsSteadyOnlyWhenItsLastWindowsAgreeAndItsCompilerIsQuiet() {
        assertThat(Load.steady(List.of(500.0, 1000.0, 1010.0, 990.0), List.of())).isTrue();
        assertThat(Load.steady(List.of(1000.0, 1010.0), List.of())).as("too few windows").isFalse();
        assertThat(Load.steady(List.of(800.0, 1000.0, 1200.0), List.of())).as("still climbing").isFalse();
        assertThat(Load.steady(List.of(1000.0, 1010.0, 990.0), List.of(0.0, 0.3, 0.05))).isTrue();
        assertThat(Load.steady(List.of(1000.0, 1010.0, 990.0), List.of(0.0, 0.05, 0.3)))
                .as("the JIT still compiling in the last window").isFalse();
    }
}
