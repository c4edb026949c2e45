package io.relata.core.rest.problem;

import java.util.UUID;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.core.rest.application.ClientHangUps;
import io.relata.core.rest.json.JsonProblems;

/**
 * Everything no other mapper claims. Frameworks wrap what a resource threw (JPA templates wrap in runtime
 * exceptions, transactions in rollback exceptions), so the cause chain is searched for a known problem
 * first; a true failure is logged with a reference the client can quote, and the client never sees a trace.
 */
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);
    /** The status request logs give an answer nobody was left to receive (nginx's "client closed request"). */
    static final int CLIENT_CLOSED_REQUEST = 499;

    private final ProblemExceptionMapper problems = new ProblemExceptionMapper();
    private final WebApplicationExceptionMapper webApplication;

    public UnexpectedExceptionMapper(WebApplicationExceptionMapper webApplication) {
        this.webApplication = webApplication;
    }

    @Override
    public Response toResponse(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problems.toResponse(problem);
            }
            if (cause instanceof JsonProcessingException json) {
                return ProblemResponses.of(JsonProblems.from(json));
            }
            if (cause instanceof WebApplicationException web && cause != exception) {
                return webApplication.toResponse(web);
            }
            if (isOptimisticLockFailure(cause)) {
                return ProblemResponses.of(Problem.preconditionFailed(
                        "someone else changed the record at the same moment; read it again and retry"));
            }
            if (ClientHangUps.isHangUp(cause)) {
                // nothing failed here, and a problem body would only fail to be written in turn
                LOG.debug("The client closed the connection before its answer was written: {}", cause.toString());
                return Response.status(CLIENT_CLOSED_REQUEST).build();
            }
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Unexpected failure answering a request (reference {})", reference, exception);
        return ProblemResponses.of(Problem.of(500, "internal", "Internal error",
                        "the server failed to answer; the administrator can find reference " + reference + " in the log")
                .with("reference", reference));
    }

    private static boolean isOptimisticLockFailure(Throwable error) {
        String name = error.getClass().getName();
        return name.equals("javax.persistence.OptimisticLockException")
                || name.equals("org.eclipse.persistence.exceptions.OptimisticLockException");
    }
}
