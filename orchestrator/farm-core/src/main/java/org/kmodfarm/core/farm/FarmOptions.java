package org.kmodfarm.core.farm;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a run builds its cells.
 *
 * @param jobs       cells side by side
 * @param makeJobs   {@code make -j} inside each cell
 * @param timeout    wall-clock limit of one execution
 * @param rebuild    ignore the cache
 * @param keepGoing  go on after a cell fails; otherwise no new cell starts after the first failure
 * @param retries    executions after the first for cells ending in {@code ERROR}
 * @param retryTimeouts whether {@code TIMEOUT} is retried too
 * @param compilerCache whether cells get a compiler cache
 * @param retryDelay the first back-off; it doubles up to eight times this
 * @param logCap     bytes of a cell's output kept (head and tail)
 * @param reproducer the one-line command that builds a cell again
 */
public record FarmOptions(int jobs, int makeJobs, Duration timeout, CellLimits limits, boolean rebuild,
                          boolean keepGoing, int retries, boolean retryTimeouts, boolean compilerCache,
                          Duration retryDelay, long logCap,
                          Function<PlannedCell, String> reproducer) {
    public FarmOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(reproducer, "reproducer");
        if (jobs < 1 || makeJobs < 1 || retries < 0 || logCap < 1024) {
            throw new IllegalArgumentException("jobs and make -j must be at least 1, retries at least 0");
        }
    }
}
