package org.kmodfarm.report;

import java.util.Optional;
import org.kmodfarm.model.CellOutcome;

/**
 * How a cell compares with its baseline, the previous result of the same module version (DESIGN.md §4).
 *
 * <p>Only build verdicts are compared: BUILT counts as "builds", FAILED and TIMEOUT as "fails". SKIPPED (decided
 * by dkms.conf before compiling), ERROR (the machine, not the module) and cells that never ran have no class.
 */
public enum Comparison {
    /** Builds now and built before. */
    GOOD,
    /** Fails now and failed before. */
    FAILING,
    /** Fails now; built before on this kernel, or, for a kernel never seen, on its predecessor in its family. */
    REGRESSION,
    /** Builds now; failed before. */
    FIXED,
    /** Builds or fails now; no earlier result for this kernel or its family. */
    NEW;

    /**
     * The class of a cell that ended {@code now}, against the baseline's outcome ({@code before}, null when
     * there is none); empty when {@code now} is not a build verdict.
     */
    public static Optional<Comparison> classify(CellOutcome now, CellOutcome before) {
        if (!decisive(now)) {
            return Optional.empty();
        }
        if (before == null) {
            return Optional.of(NEW);
        }
        if (!decisive(before)) {
            throw new IllegalArgumentException("a baseline is BUILT, FAILED or TIMEOUT, not " + before);
        }
        boolean builds = now == CellOutcome.BUILT;
        boolean built = before == CellOutcome.BUILT;
        if (builds) {
            return Optional.of(built ? GOOD : FIXED);
        }
        return Optional.of(built ? REGRESSION : FAILING);
    }

    /** True for the outcomes that say whether the module builds: BUILT, FAILED, TIMEOUT. */
    public static boolean decisive(CellOutcome outcome) {
        return outcome == CellOutcome.BUILT || outcome == CellOutcome.FAILED || outcome == CellOutcome.TIMEOUT;
    }
}
