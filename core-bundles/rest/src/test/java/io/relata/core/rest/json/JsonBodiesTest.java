package io.relata.core.rest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedHashMap;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxrs.model.ProviderInfo;
import org.apache.cxf.jaxrs.provider.BinaryDataProvider;
import org.apache.cxf.jaxrs.provider.DataSourceProvider;
import org.apache.cxf.jaxrs.provider.ProviderFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import io.relata.core.rest.testing.LocalJetty;

/**
 * {@link JsonBodies} writing answers on a real Jetty (the one Karaf runs), read off the socket as sent: as CXF does,
 * the servlet writes the body through the provider and leaves the stream for the container to close.
 */
class JsonBodiesTest {

    record Row(String id, String name) {
    }

    private static final ObjectMapper MAPPER = RelataJson.newMapper();
    private static final Row SMALL = new Row("c-1", "上海贸易有限公司");
    /** Well past the container's 32 KiB buffer. */
    private static final List<Row> LARGE = IntStream.range(0, 2_000)
            .mapToObj(i -> new Row("c-" + i, "Customer number " + i)).toList();

    private static Server jetty;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                JacksonJsonProvider provider = request.getPathInfo().startsWith("/jackson")
                        ? new JacksonJsonProvider(MAPPER) : new JsonBodies(MAPPER);
                Object value = request.getPathInfo().endsWith("/large") ? LARGE : SMALL;
                response.setContentType(MediaType.APPLICATION_JSON);
                provider.writeTo(value, value.getClass(), value.getClass(), new Annotation[0],
                        MediaType.APPLICATION_JSON_TYPE, new MultivaluedHashMap<>(), response.getOutputStream());
            }
        }), "/*");
        jetty = LocalJetty.start(context);
        port = LocalJetty.port(jetty);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    @Test
    void aBodyThatFitsTheBufferGoesOutWithItsLength() throws IOException {
        Answer answer = get("/small");
        byte[] expected = MAPPER.writeValueAsBytes(SMALL);

        assertThat(answer.head()).containsIgnoringCase("Content-Length: " + expected.length)
                .doesNotContainIgnoringCase("Transfer-Encoding");
        assertThat(answer.body()).isEqualTo(expected);
    }

    /** What the change is for: Jackson's own provider flushes, and the container then sends chunks. */
    @Test
    void jacksonsOwnProviderSendsTheSameBodyInChunks() throws IOException {
        assertThat(get("/jackson/small").head()).containsIgnoringCase("Transfer-Encoding: chunked")
                .doesNotContainIgnoringCase("Content-Length");
    }

    @Test
    void aLargerBodyIsStillSentWhole() throws IOException {
        Answer answer = get("/large");

        assertThat(answer.head()).containsIgnoringCase("Transfer-Encoding: chunked");
        JsonNode rows = MAPPER.readTree(dechunk(answer.body()));
        assertThat(rows).hasSize(LARGE.size());
        assertThat(rows.get(1_999).path("name").asText()).isEqualTo("Customer number 1999");
    }

    /**
     * Aries orders an application's own providers and CXF's with {@code ProviderInfoClassComparator(Object.class)},
     * and CXF's writer cache remembers the first that fits an entity class and media type.
     */
    @Test
    void orderedAsTheWhiteboardOrdersProvidersItComesBeforeCxfsOwn() {
        Bus bus = BusFactory.newInstance().createBus();
        try {
            Comparator<ProviderInfo<?>> whiteboard = new ProviderFactory.ProviderInfoClassComparator(Object.class);
            ProviderInfo<Object> binary = new ProviderInfo<>(new BinaryDataProvider<>(), bus, false);
            ProviderInfo<Object> dataSource = new ProviderInfo<>(new DataSourceProvider<>(), bus, false);

            ProviderInfo<Object> json = new ProviderInfo<>(new JsonBodies(MAPPER), bus, true);
            assertThat(whiteboard.compare(json, binary)).isNegative();
            assertThat(whiteboard.compare(json, dataSource)).isNegative();
            // what it is for: Jackson's own provider came after both
            ProviderInfo<Object> jackson = new ProviderInfo<>(new JacksonJsonProvider(MAPPER), bus, true);
            assertThat(whiteboard.compare(jackson, binary)).isPositive();
        } finally {
            bus.shutdown(false);
        }
    }

    record Answer(String head, byte[] body) {
    }

    /**
     * One request on a connection kept alive (an answer on a closing connection needs neither length nor chunks), the
     * answer's bytes as they came: the head, and the body as its length or its last chunk delimits it.
     */
    private static Answer get(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IOException("the connection closed before the answer ended");
                }
                received.write(buffer, 0, read);
                String text = received.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end < 0) {
                    continue;
                }
                String head = text.substring(0, end);
                byte[] all = received.toByteArray();
                byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
                Matcher length = Pattern
                        .compile("(?im)^Content-Length: (\\d+)$").matcher(head);
                if (length.find() ? body.length >= Integer.parseInt(length.group(1))
                        : text.endsWith("\r\n0\r\n\r\n")) {
                    return new Answer(head, body);
                }
            }
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
