package io.relata.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/** Relata's services refuse with problem details; these get at the problem to assert on it. */
public final class Refusals {

    private Refusals() {
    }

    /** @return the problem the attempt was refused with; fails the test if it was not refused with one */
    public static Problem refusal(ThrowingCallable attempt) {
        Throwable thrown = catchThrowable(attempt);
        assertThat(thrown).as("the attempt is refused").isInstanceOf(ProblemException.class);
        return ((ProblemException) thrown).problem();
    }

    /** @return the fields a validation problem names; fails the test if the attempt was not refused as invalid */
    public static List<String> fieldsRejectedBy(ThrowingCallable attempt) {
        Problem problem = refusal(attempt);
        assertThat(problem.status()).as(problem.detail()).isEqualTo(400);
        return problem.errors().stream().map(FieldError::field).toList();
    }
}
