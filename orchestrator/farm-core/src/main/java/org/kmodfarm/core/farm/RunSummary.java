package org.kmodfarm.core.farm;

import java.util.List;
import java.util.Map;
import org.kmodfarm.model.CellOutcome;

/**
 * A run's summary, written as {@code .kmodfarm/runs/RUN-ID/summary.json}.
 *
 * @param cells   every planned cell, in plan order; those never started (a failure stopped the run) have a null
 *                outcome
 * @param counts  cells per outcome
 */
public record RunSummary(int schema, String runId, String startedAt, String finishedAt, long durationMs,
                         List<Cell> cells, Map<CellOutcome, Integer> counts, int cacheHits, int retries, int notRun,
                         boolean badInput) {
    public RunSummary {
        cells = List.copyOf(cells);
        counts = Map.copyOf(counts);
    }

    /**
     * One cell of the run.
     *
     * @param cached     true when the result came from the cache
     * @param firstError {@code file:line: message} of a failed build, empty otherwise
     * @param record     digest of this run's {@code result.json} of the cell, kept under {@code objects/} (the
     *                   cell's folder only holds its latest record); empty for a cell that never ran, null in
     *                   summaries written before it was recorded
     */
    public record Cell(String cell, String origin, CellOutcome outcome, boolean cached, int attempts, String reason,
                       String firstError, String cacheKey, long compileMs, String record) {
    }

    /** How many cells ended so. */
    public int count(CellOutcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }
}
