package io.relata.core.rest.json;

import java.io.IOException;
import java.io.OutputStream;

import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

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
 *
 * <p>The interfaces Jackson's provider already has are named again for CXF's sake. Under the whiteboard, CXF orders
 * providers by the type their own class declares: Jackson's declares none and came after the binary and data-source
 * providers, which CXF then remembered as the first fit for every JSON answer (they refuse a record), walking all
 * providers again at each answer. Declared here, the type ties with theirs and an application's provider goes first.
 */
public class JsonBodies extends JacksonJsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    public JsonBodies(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    protected JsonGenerator _createGenerator(ObjectWriter writer, OutputStream rawStream, JsonEncoding enc)
            throws IOException {
        return super._createGenerator(writer, rawStream, enc).disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }
}
