package io.relata.core.rest.json;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

/**
 * Reads and writes the API's JSON bodies with Relata's mapper, leaving the response stream unflushed.
 *
 * <p>Jackson's provider flushes the response stream when an answer is written; the servlet container then commits
 * the headers without a length and sends the body in chunks, two writes to the socket per answer. Unflushed, a body
 * that fits the container's buffer goes out when the response is closed, in one write with its
 * {@code Content-Length}; a larger one is sent in chunks as the buffer fills, as before.
 */
public class JsonBodies extends JacksonJsonProvider {

    public JsonBodies(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    protected JsonGenerator _createGenerator(ObjectWriter writer, OutputStream rawStream, JsonEncoding enc)
            throws IOException {
        return super._createGenerator(writer, rawStream, enc).disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }
}
