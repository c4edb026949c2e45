package io.relata.core.rest.problem;

import java.util.Set;

import javax.ws.rs.NotFoundException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import io.relata.api.rest.Problem;

/**
 * The JAX-RS runtime's own refusals (no such route, wrong method, unsupported media type, ...) as problems.
 */
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    private UriInfo uri;

    @Context
    private Request request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        String target = request.getMethod() + " " + uri.getRequestUri().getRawPath();
        Problem problem;
        if (exception instanceof NotFoundException && exception.getCause() != null) {
            // the runtime answers 404 when a path or query parameter cannot be converted; that is bad input
            problem = Problem.badRequest("a path or query parameter is not valid: " + exception.getCause().getMessage());
        } else if (status == 404) {
            problem = Problem.of(404, "no-route", "Not found", "no resource answers " + target);
        } else if (status == 405) {
            Set<String> allowed = original.getAllowedMethods();
            Response.ResponseBuilder response = ProblemResponses.builder(Problem.of(405, "method-not-allowed",
                    "Method not allowed", target + " is not supported"
                            + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed))));
            response.allow(allowed);
            return response.build();
        } else if (status == 415) {
            problem = Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json (PATCH takes application/merge-patch+json)");
        } else if (status == 406) {
            problem = Problem.of(406, "not-acceptable", "Not acceptable",
                    "this resource answers application/json; check the Accept header");
        } else if (status >= 400 && status < 600) {
            problem = Problem.of(status, "http-" + status, reason(original), target + " failed: " + reason(original));
        } else {
            return original;
        }
        Response.ResponseBuilder response = ProblemResponses.builder(problem);
        if (original != null && original.getHeaderString(HttpHeaders.WWW_AUTHENTICATE) != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, original.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
        }
        return response.build();
    }

    private static String reason(Response response) {
        Response.StatusType status = response.getStatusInfo();
        return status.getReasonPhrase() == null ? "HTTP " + status.getStatusCode() : status.getReasonPhrase();
    }
}
