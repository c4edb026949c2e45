package io.relata.core.rest.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.ExchangeImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.junit.jupiter.api.Test;

/** Which requests CXF is told not to cache the input of (the rest is CXF's, run by the distribution tests). */
class BodilessRequestsTest {

    @Test
    void anHttp1RequestThatDeclaresNoBodyHasNothingToCache() {
        assertThat(cacheInput(request("HTTP/1.1", -1, Map.of()))).isEqualTo(Boolean.FALSE);
        assertThat(cacheInput(request("HTTP/1.1", 0, Map.of()))).isEqualTo(Boolean.FALSE);
        assertThat(cacheInput(request("HTTP/1.0", -1, Map.of()))).isEqualTo(Boolean.FALSE);
    }

    @Test
    void aBodyDeclaredOrPossibleLeavesCxfsDefault() {
        assertThat(cacheInput(request("HTTP/1.1", 17, Map.of()))).isNull();
        assertThat(cacheInput(request("HTTP/1.1", -1, Map.of("Transfer-Encoding", "chunked")))).isNull();
        assertThat(cacheInput(request("HTTP/2.0", -1, Map.of()))).as("HTTP/2 frames bodies without either header")
                .isNull();
    }

    private static Object cacheInput(HttpServletRequest servlet) {
        Message message = new MessageImpl();
        Exchange exchange = new ExchangeImpl();
        message.setExchange(exchange);
        message.put("HTTP.REQUEST", servlet);
        new BodilessRequests().handleMessage(message);
        return exchange.get(BodilessRequests.CACHE_INPUT);
    }

    /** The three things the interceptor reads of a servlet request. */
    private static HttpServletRequest request(String protocol, long contentLength, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(BodilessRequestsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getProtocol" -> protocol;
                    case "getContentLengthLong" -> contentLength;
                    case "getHeader" -> headers.get((String) arguments[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
