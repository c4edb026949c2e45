package io.relata.api.rest;

import java.util.Objects;

/**
 * Thrown anywhere below a resource to answer with a problem detail; the REST application writes it as
 * {@code application/problem+json} with the problem's status. Console commands print its detail.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(Objects.requireNonNull(problem, "problem").detail().isEmpty() ? problem.title() : problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
