package io.relata.core.rest.application;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;

import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.core.rest.problem.ProblemResponses;

/**
 * Refuses request bodies above the configured size with 413, whether the client declares the length or
 * streams the body in chunks, before any resource or JSON parser holds it in memory.
 */
@PreMatching
public class RequestSizeLimit implements ContainerRequestFilter {

    /** File uploads go to resources that stream them to disk, so they may be larger than JSON bodies. */
    private static final Set<String> UPLOAD_TYPES = Set.of("text/csv", "application/octet-stream");
    private static final Set<String> BODILESS = Set.of("GET", "HEAD");

    private final long maxRequestBytes;
    private final long maxUploadBytes;

    public RequestSizeLimit(long maxRequestBytes, long maxUploadBytes) {
        this.maxRequestBytes = maxRequestBytes;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        boolean upload = type != null && UPLOAD_TYPES.contains(type.getType() + "/" + type.getSubtype());
        limit(request, upload ? maxUploadBytes : maxRequestBytes);
    }

    private void limit(ContainerRequestContext request, long maxBytes) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    request.abortWith(ProblemResponses.of(tooLarge(maxBytes)));
                    return;
                }
            } catch (NumberFormatException e) {
                request.abortWith(ProblemResponses.of(Problem.badRequest("Content-Length is not a number")));
                return;
            }
        }
        // no resource reads the body of a GET or HEAD, and asking CXF whether there is one makes it cache the
        // request's input: a few percent of every read request
        if (!BODILESS.contains(request.getMethod()) && request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream(), maxBytes));
        }
    }

    private static Problem tooLarge(long maxBytes) {
        return Problem.of(413, "payload-too-large", "Payload too large",
                "request bodies are limited to " + maxBytes + " bytes");
    }

    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long remaining;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
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
                throw new ProblemException(tooLarge(limit));
            }
        }
    }
}
