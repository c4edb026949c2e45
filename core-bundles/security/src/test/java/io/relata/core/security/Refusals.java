package io.relata.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/** The security bundle refuses with problem details; these get at the problem to assert on it. */
final class Refusals {

    private Refusals() {
    }

    /** @return the problem the attempt was refused with; fails the test if it was not refused with one */
    static Problem refusal(ThrowingCallable attempt) {
        Throwable thrown = catchThrowable(attempt);
        assertThat(thrown).as("the attempt is refused").isInstanceOf(ProblemException.class);
        return ((ProblemException) thrown).problem();
    }
}
