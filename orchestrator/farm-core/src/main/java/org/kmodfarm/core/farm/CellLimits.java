package org.kmodfarm.core.farm;

/**
 * What one cell's container may use.
 *
 * @param memoryBytes memory, swap included
 * @param pids        processes and threads
 * @param cpus        CPU time, in cores
 */
public record CellLimits(long memoryBytes, long pids, double cpus) {
    public CellLimits {
        if (memoryBytes <= 0 || pids <= 0 || cpus <= 0) {
            throw new IllegalArgumentException("cell limits must be positive");
        }
    }
}
