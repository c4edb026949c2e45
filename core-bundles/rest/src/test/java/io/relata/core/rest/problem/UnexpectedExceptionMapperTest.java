package io.relata.core.rest.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;

import javax.ws.rs.core.Response;

import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

import io.relata.api.rest.Problem;

class UnexpectedExceptionMapperTest {

    private final UnexpectedExceptionMapper mapper = new UnexpectedExceptionMapper(new WebApplicationExceptionMapper());

    @Test
    void aClientThatHungUpGetsNoProblemBody() {
        Response response = mapper.toResponse(new UncheckedIOException(new EofException("Early EOF")));

        assertThat(response.getStatus()).isEqualTo(499);
        assertThat(response.hasEntity()).isFalse();
    }

    @Test
    void aTrueFailureIsAProblemWithAReference() {
        Response response = mapper.toResponse(new IllegalStateException("bug"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getEntity()).isInstanceOfSatisfying(Problem.class,
                problem -> assertThat(problem.detail()).contains("reference"));
    }
}
