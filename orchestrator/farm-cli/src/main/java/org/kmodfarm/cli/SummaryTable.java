package org.kmodfarm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.model.CellOutcome;

/** A run's cells as a table: outcome, time, and the vermagic of what was built or why it was not. */
final class SummaryTable {
    private final FarmTree tree;

    SummaryTable(FarmTree tree) {
        this.tree = tree;
    }

    void print(RunSummary summary, PrintWriter out) {
        Table table = new Table("CELL", "OUTCOME", "SECONDS", "DETAIL");
        for (RunSummary.Cell c : summary.cells()) {
            String outcome = c.outcome() == null ? "NOT RUN" : c.outcome() + (c.cached() ? " (cached)" : "");
            String detail = c.outcome() == CellOutcome.BUILT ? vermagic(c) : !c.firstError().isEmpty() ? c.firstError()
                    : c.reason();
            table.row(c.cell(), outcome, c.cached() ? "-" : String.format("%.1f", c.compileMs() / 1000.0), detail);
        }
        table.print(out);
        StringBuilder counts = new StringBuilder();
        for (CellOutcome o : CellOutcome.values()) {
            if (summary.count(o) > 0) {
                counts.append(counts.isEmpty() ? "" : ", ").append(summary.count(o)).append(' ').append(o);
            }
        }
        if (summary.notRun() > 0) {
            counts.append(", ").append(summary.notRun()).append(" not run");
        }
        out.printf("%s in %.1f s; %d from the cache, %d retries%n", counts, summary.durationMs() / 1000.0,
                summary.cacheHits(), summary.retries());
    }

    /** The vermagic of the cell's first module, from its record. */
    private String vermagic(RunSummary.Cell c) {
        Path record = tree.meta().resolve("cells").resolve(c.cell()).resolve("result.json");
        try {
            CellResult r = FarmTree.readJson(record, CellResult.class);
            return r.modules().isEmpty() ? "" : "vermagic " + r.modules().get(0).vermagic();
        } catch (IOException e) {
            return Files.exists(record) ? "(unreadable result.json)" : "";
        }
    }
}
