package org.kmodfarm.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.watch.KnownKernel;
import org.kmodfarm.core.watch.WatchState;
import org.kmodfarm.model.CellOutcome;

/**
 * The history of every cell of a tree, from its runs in time order, with the comparison classes of each run's
 * report (so "regressed" means exactly what REGRESSION means there), and the kernels watches saw leave the
 * repository, whose cells are kept and shown GONE.
 */
public final class RunHistory {
    private RunHistory() {
    }

    /**
     * Every cell that ever ran, ordered as reports order cells; with {@code modules} non-empty, those whose
     * {@code NAME} or {@code NAME/VERSION} it lists.
     */
    public static List<CellHistory> of(FarmTree tree, List<String> modules) throws IOException {
        Map<String, String> gone = new HashMap<>();
        for (WatchState state : WatchState.all(tree)) {
            for (KnownKernel k : state.kernels()) {
                if (k.goneSince() != null) {
                    gone.put(k.kernel() + " " + k.arch(), k.goneSince());
                }
            }
        }
        ReportLoader loader = new ReportLoader(tree);
        Map<String, CellHistory> cells = new TreeMap<>();
        Map<String, ReportCell> lastCell = new HashMap<>();
        for (String runId : loader.runIds()) {
            RunReport report = loader.compared(runId);
            for (ReportCell c : report.cells()) {
                if (c.source() == RecordSource.NOT_RUN || !wanted(c, modules)) {
                    continue;
                }
                String path = c.row().cell();
                CellHistory.Event event = new CellHistory.Event(runId, report.summary().startedAt(),
                        c.row().outcome(), c.record());
                CellHistory h = cells.get(path);
                boolean built = c.row().outcome() == CellOutcome.BUILT;
                cells.put(path, new CellHistory(path, c.module(), c.version(), c.kernel(), c.arch(),
                        h != null && h.firstBuilt() != null ? h.firstBuilt() : built ? event : null,
                        built ? event : h == null ? null : h.lastBuilt(),
                        c.comparison() == Comparison.REGRESSION ? event : h == null ? null : h.regressed(),
                        c.comparison() == Comparison.FIXED ? event : h == null ? null : h.fixed(),
                        event, gone.get(c.kernel() + " " + c.arch())));
                lastCell.put(path, c);
            }
        }
        List<ReportCell> order = new ArrayList<>(lastCell.values());
        order.sort(ReportLoader.CELL_ORDER);
        return order.stream().map(c -> cells.get(c.row().cell())).toList();
    }

    private static boolean wanted(ReportCell c, List<String> modules) {
        return modules.isEmpty() || modules.contains(c.module()) || modules.contains(c.moduleVersion());
    }
}
