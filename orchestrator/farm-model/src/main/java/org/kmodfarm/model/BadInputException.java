package org.kmodfarm.model;

import java.util.List;

/** User input (a matrix file, a configuration file, an option) is wrong; every problem found is listed. */
public final class BadInputException extends FarmException {
    private final List<Problem> problems;

    public BadInputException(List<Problem> problems) {
        super(summary(problems), null);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a BadInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public BadInputException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        return problems.isEmpty() ? "" : problems.get(0).render()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }
}
