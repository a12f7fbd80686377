package org.kmodfarm.core.farm;

/**
 * Where a cell's time went, in milliseconds.
 *
 * @param queuedMs  from the run's start until a worker took the cell
 * @param imageMs   making or finding the kernel's builder image (shared by the kernel's cells)
 * @param compileMs the container's run of the last attempt
 * @param totalMs   from a worker taking the cell until its result was stored
 */
public record CellTimings(long queuedMs, long imageMs, long compileMs, long totalMs) {
}
