package io.relata.core.rest.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

/**
 * Which requests get their body limited (the 413s themselves, declared and streamed, are checked against the built
 * server by the distribution tests: a {@code Response} needs the JAX-RS runtime).
 */
class RequestSizeLimitTest {

    /** A request context as the JAX-RS runtime hands it over, recording what the filter asked of it. */
    private static final class Request {
        final List<String> calls = new ArrayList<>();
        Response aborted;
        InputStream entity;

        ContainerRequestContext context(String method, Map<String, String> headers, String body) {
            entity = body == null ? null : new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
            return (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, call, arguments) -> {
                        calls.add(call.getName());
                        return switch (call.getName()) {
                            case "getMethod" -> method;
                            case "getMediaType" -> null; // MediaType needs the JAX-RS runtime
                            case "getHeaderString" -> headers.get((String) arguments[0]);
                            case "hasEntity" -> entity != null;
                            case "getEntityStream" -> entity;
                            case "setEntityStream" -> {
                                entity = (InputStream) arguments[0];
                                yield null;
                            }
                            case "abortWith" -> {
                                aborted = (Response) arguments[0];
                                yield null;
                            }
                            default -> throw new UnsupportedOperationException(call.getName());
                        };
                    });
        }
    }

    private final RequestSizeLimit limit = new RequestSizeLimit(10, 100);

    @Test
    void aGetIsNotProbedForABody() {
        Request get = new Request();
        limit.filter(get.context("GET", Map.of(), null));
        assertThat(get.calls).doesNotContain("hasEntity", "getEntityStream").isNotEmpty();
        assertThat(get.aborted).isNull();
    }

    @Test
    void aBodyOfAnyOtherMethodIsLimited() throws IOException {
        Request post = new Request();
        ContainerRequestContext context = post.context("POST", Map.of(), "{}");
        InputStream sent = post.entity;
        limit.filter(context);
        assertThat(post.calls).contains("hasEntity", "setEntityStream");
        assertThat(post.entity).as("wrapped in the limit").isNotSameAs(sent);
        assertThat(new String(post.entity.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(post.aborted).isNull();
    }
}
