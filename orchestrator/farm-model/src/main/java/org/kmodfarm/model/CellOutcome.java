package org.kmodfarm.model;

/** How one cell (module version × kernel × arch) ended: the farm's one vocabulary of outcomes. */
public enum CellOutcome {
    /** Every non-excluded module built. */
    BUILT,
    /** The module's own build failed: compile, patch or script error, or killed for exceeding its memory limit. */
    FAILED,
    /** Decided before compiling: BUILD_EXCLUSIVE_*, OBSOLETE_BY, arch. */
    SKIPPED,
    /** Infrastructure: engine, image, missing headers, corrupt transfer. The only outcome retried. */
    ERROR,
    /** The wall-clock limit passed; the container was killed. */
    TIMEOUT;

    /** True for the outcomes that leave a usable result: nothing to fix. */
    public boolean good() {
        return this == BUILT || this == SKIPPED;
    }
}
