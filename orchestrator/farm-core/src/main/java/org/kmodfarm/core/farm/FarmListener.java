package org.kmodfarm.core.farm;

/** Follows a run as it goes, for progress displays. Called from worker threads. */
public interface FarmListener {
    /** Before the first cell starts. */
    void planned(int cells);

    /** A cell's container is about to start (each attempt). */
    void started(PlannedCell cell, int attempt);

    /** A cell is done and stored. */
    void finished(CellResult result, boolean cached);
}
