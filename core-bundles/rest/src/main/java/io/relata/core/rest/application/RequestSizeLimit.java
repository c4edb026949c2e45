package io.relata.core.rest.application;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;

import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.core.rest.problem.ProblemResponses;

/**
 * Refuses request bodies above the configured size with 413, whether the client declares the length or
 * streams the body in chunks, before any resource or JSON parser holds it in memory.
 */
@PreMatching
public class RequestSizeLimit implements ContainerRequestFilter {

    private final long maxBytes;

    public RequestSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    request.abortWith(ProblemResponses.of(tooLarge()));
                    return;
                }
            } catch (NumberFormatException e) {
                request.abortWith(ProblemResponses.of(Problem.badRequest("Content-Length is not a number")));
                return;
            }
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), maxBytes));
        }
    }

    private Problem tooLarge() {
        return Problem.of(413, "payload-too-large", "Payload too large",
                "request bodies are limited to " + maxBytes + " bytes");
    }

    private final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int next = super.read();
            if (next >= 0) {
                consumed(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
                consumed(count);
            }
            return count;
        }

        private void consumed(long count) {
            remaining -= count;
            if (remaining < 0) {
                throw new ProblemException(tooLarge());
            }
        }
    }
}
