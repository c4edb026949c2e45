package io.relata.core.rest.patch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import javax.ws.rs.Consumes;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.core.rest.json.JsonProblems;

/** Reads {@code application/merge-patch+json} bodies into {@link MergePatch} parameters. */
@Consumes(MergePatch.MEDIA_TYPE)
public class MergePatchReader implements MessageBodyReader<MergePatch> {

    private final ObjectMapper mapper;

    public MergePatchReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == MergePatch.class;
    }

    @Override
    public MergePatch readFrom(Class<MergePatch> type, Type genericType, Annotation[] annotations,
                               MediaType mediaType, MultivaluedMap<String, String> headers, InputStream body)
            throws IOException {
        JsonNode patch;
        try {
            patch = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(JsonProblems.from(e));
        }
        if (patch == null || !patch.isObject()) {
            throw Problem.badRequest("a merge patch is a JSON object of the fields to change").toException();
        }
        return new JsonMergePatch((ObjectNode) patch, mapper);
    }
}
