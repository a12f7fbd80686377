package org.kmodfarm.report;

import java.util.Objects;
import org.kmodfarm.model.CellOutcome;

/**
 * One cell across every run of the tree.
 *
 * @param firstBuilt the first run in which it built; null if never
 * @param lastBuilt  the last run in which it built: its record is the cell's last good build; null if never
 * @param regressed  the last run in which it was a REGRESSION; null if never
 * @param fixed      the last run in which it was FIXED; null if never
 * @param last       the last run that gave it an outcome
 * @param goneSince  when its kernel left the repository (a watch noticed); null while the kernel is offered
 */
public record CellHistory(String cell, String module, String version, String kernel, String arch, Event firstBuilt,
                          Event lastBuilt, Event regressed, Event fixed, Event last, String goneSince) {
    public CellHistory {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(last, "last");
    }

    /**
     * A run's word on the cell.
     *
     * @param at     the run's start, ISO-8601 UTC
     * @param record digest of the cell's result.json of that run under {@code objects/}; null for runs written
     *               before records were kept by digest
     */
    public record Event(String runId, String at, CellOutcome outcome, String record) {
    }

    /** {@code GONE} when its kernel left the repository, else its last outcome. */
    public String status() {
        return goneSince != null ? "GONE" : last.outcome().name();
    }
}
