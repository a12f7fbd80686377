package org.kmodfarm.report;

import java.util.Arrays;
import java.util.Locale;
import org.kmodfarm.model.CellOutcome;

/**
 * A condition that makes CI fail ({@code --fail-on}, exit code 4): it decides instead of the usual "a cell
 * failed" so that a nightly job can, for example, tolerate modules that never built on a kernel but not new
 * breakage.
 */
public enum FailOn {
    /** A cell is a REGRESSION. */
    REGRESSION,
    /** A cell FAILED or timed out, whatever its comparison class. */
    FAILING,
    /** An infrastructure ERROR is left after retries. */
    ERROR;

    /** The condition named {@code name} (any case); an unknown name lists the valid ones. */
    public static FailOn parse(String name) {
        for (FailOn f : values()) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown --fail-on condition '" + name + "'; use one of: "
                + String.join(", ", Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /** Whether the report meets the condition. */
    public boolean met(RunReport report) {
        return report.cells().stream().anyMatch(c -> switch (this) {
            case REGRESSION -> c.comparison() == Comparison.REGRESSION;
            case FAILING -> c.row().outcome() == CellOutcome.FAILED || c.row().outcome() == CellOutcome.TIMEOUT;
            case ERROR -> c.row().outcome() == CellOutcome.ERROR;
        });
    }
}
