package org.kmodfarm.report;

import java.util.List;
import java.util.Objects;
import org.kmodfarm.core.farm.LastGood;
import org.kmodfarm.core.farm.RunSummary;

/**
 * A run and its cells, compared with earlier runs: the one model every format is rendered from.
 *
 * @param summary the run's {@code summary.json}
 * @param cells   every planned cell, ordered by module, version, kernel (version order) and arch; cells that
 *                never ran last
 * @param against the one run the cells were compared with ({@code --against}); null when each cell was compared
 *                with the runs before this one
 * @param lastGood the last good build per family of the run's modules, as it stood when the run ended
 */
public record RunReport(RunSummary summary, List<ReportCell> cells, String against, List<LastGood> lastGood) {
    public RunReport {
        Objects.requireNonNull(summary, "summary");
        cells = List.copyOf(cells);
        lastGood = List.copyOf(lastGood);
    }

    /** How many cells have the class. */
    public long count(Comparison comparison) {
        return cells.stream().filter(c -> c.comparison() == comparison).count();
    }
}
