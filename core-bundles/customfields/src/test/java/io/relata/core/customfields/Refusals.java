package io.relata.core.customfields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/** The custom field service refuses with problem details; these get at the problem to assert on it. */
final class Refusals {

    private Refusals() {
    }

    /** @return the problem the attempt was refused with; fails the test if it was not refused with one */
    static Problem refusal(ThrowingCallable attempt) {
        Throwable thrown = catchThrowable(attempt);
        assertThat(thrown).as("the attempt is refused").isInstanceOf(ProblemException.class);
        return ((ProblemException) thrown).problem();
    }

    /** @return the fields a validation problem names; fails the test if the attempt was not refused as invalid */
    static List<String> fieldsRejectedBy(ThrowingCallable attempt) {
        Problem problem = refusal(attempt);
        assertThat(problem.status()).as(problem.detail()).isEqualTo(400);
        return problem.errors().stream().map(FieldError::field).toList();
    }
}
