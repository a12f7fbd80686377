package org.kmodfarm.core.farm;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.kmodfarm.model.spi.SandboxExit;

/**
 * What came back from one execution of a cell: how the container ended, the files the cell runner left in its
 * output folder (relative names), and how long it ran.
 */
public record CellExecution(SandboxExit exit, Map<String, byte[]> outputs, Duration elapsed) {
    public CellExecution {
        Objects.requireNonNull(exit, "exit");
        outputs = Map.copyOf(outputs);
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
