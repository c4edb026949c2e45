package io.relata.core.rest.problem;

import javax.ws.rs.core.Response;

import io.relata.api.rest.Problem;

/** Builds the {@code application/problem+json} response for a problem. */
public final class ProblemResponses {

    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        return builder(problem).build();
    }

    public static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem);
    }
}
