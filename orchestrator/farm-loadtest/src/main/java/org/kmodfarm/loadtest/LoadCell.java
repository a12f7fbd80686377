package org.kmodfarm.loadtest;

import java.util.Objects;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.KernelTarget;

/** One BUILT cell to load-test: its record (the modules, by digest) and its kernel's place in the matrix. */
public record LoadCell(CellResult build, KernelTarget target) {
    public LoadCell {
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(target, "target");
        if (build.outcome() != CellOutcome.BUILT) {
            throw new IllegalArgumentException(build.cell() + " did not build: nothing to load");
        }
        if (!build.cell().kernel().equals(target.kernel().value())) {
            throw new IllegalArgumentException(build.cell() + " was not built for " + target.kernel());
        }
    }
}
