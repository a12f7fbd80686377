package org.kmodfarm.report;

import java.util.Objects;
import org.kmodfarm.model.CellOutcome;

/**
 * The earlier result a cell is compared with.
 *
 * @param runId   the run that produced it
 * @param kernel  its kernel: the cell's own, or the predecessor in the kernel's family when the cell's kernel was
 *                never built before
 * @param outcome BUILT, FAILED or TIMEOUT
 */
public record Baseline(String runId, String kernel, CellOutcome outcome) {
    public Baseline {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(kernel, "kernel");
        if (!Comparison.decisive(outcome)) {
            throw new IllegalArgumentException("a baseline is BUILT, FAILED or TIMEOUT, not " + outcome);
        }
    }
}
