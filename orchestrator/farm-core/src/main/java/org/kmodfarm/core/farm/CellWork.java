package org.kmodfarm.core.farm;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One cell as it travels to a {@link CellExecutor}: everything the execution needs, nothing that assumes the
 * executor shares a disk or a host with the orchestrator.
 *
 * @param image    the builder image (tag or id) of the cell's kernel
 * @param inputs   source and cell runner
 * @param kernel   the kernel release
 * @param arch     the kernel's architecture name ({@code x86_64})
 * @param makeJobs {@code make -j} inside the cell, chosen by the scheduler
 * @param labels   labels for the container, so leftovers can be found
 * @param compilerCache the name of the compiler cache this cell may use and fill, empty for none; cells that
 *                      share one can poison each other's objects, so it is scoped to one source and one image
 */
public record CellWork(String image, CellInputs inputs, String kernel, String arch, int makeJobs, CellLimits limits,
                       Duration timeout, Map<String, String> labels, String compilerCache) {
    public CellWork {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeout, "timeout");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(compilerCache, "compilerCache");
        if (makeJobs < 1) {
            throw new IllegalArgumentException("make -j must be at least 1");
        }
    }

    /** What the executor gets for one planned cell of a run. */
    static CellWork of(String runId, PlannedCell cell, FarmOptions options) {
        return new CellWork(cell.image().id(), cell.inputs().get(), cell.kernel(), cell.arch(), options.makeJobs(),
                options.limits(), options.timeout(), CellLabels.of(runId, cell),
                options.compilerCache() ? compilerCache(cell) : "");
    }

    /** One compiler cache per source and image: a module can only ever poison its own cache. */
    private static String compilerCache(PlannedCell cell) {
        return "kmodfarm-ccache-" + Digests.sha256Lines(cell.origin(), cell.image().tag()).substring(0, 24);
    }
}
