package org.kmodfarm.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.model.CellOutcome;

/**
 * The report as JSON, schema 1 (a new field is no new schema; a renamed or removed one is):
 * <pre>
 * { "schema": 1,
 *   "run": { runId, startedAt, finishedAt, durationMs, cells, cacheHits, retries, notRun, badInput,
 *            against (the run compared with, or null: the runs before), metrics (the run's Prometheus file, relative
 *            to the run's folder),
 *            "outcomes": {BUILT, FAILED, SKIPPED, ERROR, TIMEOUT: count},
 *            "comparisons": {GOOD, FAILING, REGRESSION, FIXED, NEW: count},
 *            "lastGood": [ {module, version, kernel, arch, distro, release, flavour, runId, builtAt, record,
 *                           modules: [modinfo…]} ] (the newest kernel of each family its modules built on) },
 *   "cells": [ { cell (NAME/VERSION/KERNEL/ARCH, or the summary's text for a cell that never ran),
 *                module, version, kernel, arch, outcome (null: never ran), cached, attempts, reason, firstError,
 *                cacheKey, comparison (null: SKIPPED, ERROR, never ran), baseline ({runId, kernel, outcome} or
 *                null), record (RUN_RECORD, CELL_RECORD, CACHE_ENTRY, REPLACED, MISSING, NOT_RUN), recordObject
 *                (sha256 of the record under objects/, or null), result (result.json as written, schema 1, or null
 *                when the run's record is gone), logTail (lines) } ] }
 * </pre>
 * Cells are ordered by module, version, kernel (version order) and arch, cells that never ran last; object keys
 * always come in the order above.
 */
public final class JsonReport implements ReportRenderer {
    /** This format's version. */
    public static final int SCHEMA = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String render(RunReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.set("run", run(report));
        ArrayNode cells = root.putArray("cells");
        report.cells().forEach(c -> cells.add(cell(c)));
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(pretty).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a report did not serialise", e);
        }
    }

    private static ObjectNode run(RunReport report) {
        RunSummary s = report.summary();
        ObjectNode run = JSON.createObjectNode();
        run.put("runId", s.runId());
        run.put("startedAt", s.startedAt());
        run.put("finishedAt", s.finishedAt());
        run.put("durationMs", s.durationMs());
        run.put("cells", report.cells().size());
        run.put("cacheHits", s.cacheHits());
        run.put("retries", s.retries());
        run.put("notRun", s.notRun());
        run.put("badInput", s.badInput());
        run.put("against", report.against());
        run.put("metrics", "metrics.prom");
        ObjectNode outcomes = run.putObject("outcomes");
        for (CellOutcome o : CellOutcome.values()) {
            outcomes.put(o.name(), s.count(o));
        }
        ObjectNode comparisons = run.putObject("comparisons");
        for (Comparison c : Comparison.values()) {
            comparisons.put(c.name(), report.count(c));
        }
        run.set("lastGood", JSON.valueToTree(report.lastGood()));
        return run;
    }

    private static ObjectNode cell(ReportCell c) {
        RunSummary.Cell row = c.row();
        ObjectNode n = JSON.createObjectNode();
        n.put("cell", row.cell());
        n.put("module", c.module());
        n.put("version", c.version());
        n.put("kernel", c.kernel());
        n.put("arch", c.arch());
        n.put("outcome", row.outcome() == null ? null : row.outcome().name());
        n.put("cached", row.cached());
        n.put("attempts", row.attempts());
        n.put("reason", row.reason());
        n.put("firstError", row.firstError());
        n.put("cacheKey", row.cacheKey());
        n.put("comparison", c.comparison() == null ? null : c.comparison().name());
        if (c.baseline() == null) {
            n.putNull("baseline");
        } else {
            ObjectNode b = n.putObject("baseline");
            b.put("runId", c.baseline().runId());
            b.put("kernel", c.baseline().kernel());
            b.put("outcome", c.baseline().outcome().name());
        }
        n.put("record", c.source().name());
        n.put("recordObject", c.record());
        n.set("result", c.result() == null ? JSON.nullNode() : JSON.valueToTree(c.result()));
        ArrayNode tail = n.putArray("logTail");
        c.logTail().forEach(tail::add);
        n.set("load", c.load() == null ? JSON.nullNode() : JSON.valueToTree(c.load()));
        return n;
    }
}
