package com.cmkorchestrator.triggers.http;

import java.util.Objects;

/** A request the trigger layer itself rejects (unreadable body, bad route parameter), carrying its answer. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
