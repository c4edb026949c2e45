package io.relata.core.rest.problem;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.relata.core.rest.json.JsonProblems;

/** A request body that is not JSON, or not JSON of the shape the resource takes. */
public class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException exception) {
        return ProblemResponses.of(JsonProblems.from(exception));
    }
}
