package org.kmodfarm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.CellOutcome;

class ReportLoaderTest {
    @TempDir
    Path root;

    private static ReportCell cell(RunReport r, String version, String kernel) {
        return r.cells().stream().filter(c -> c.version().equals(version) && c.kernel().equals(kernel))
                .findFirst().orElseThrow();
    }

    @Test
    void classesAgainstThePreviousRunOfTheModuleVersion() throws Exception {
        FixtureTree t = FixtureTree.standard(root);
        RunReport r = new ReportLoader(t.tree).load(FixtureTree.RUN2);

        ReportCell k47 = cell(r, "1.0", "6.1.0-47-amd64");
        assertEquals(Comparison.REGRESSION, k47.comparison());
        assertEquals(new Baseline(FixtureTree.RUN1, "6.1.0-47-amd64", CellOutcome.BUILT), k47.baseline());
        assertEquals(Comparison.FIXED, cell(r, "1.0", "6.1.0-50-amd64").comparison());
        assertEquals(Comparison.NEW, cell(r, "1.0", "6.12.6-amd64").comparison(), "another family: nothing before");
        assertNull(cell(r, "1.0", "6.1.0-49-amd64").comparison(), "ERROR says nothing about the module");
        assertEquals(Comparison.NEW, cell(r, "2.0", "6.1.0-48-amd64").comparison(), "1.0's history is not 2.0's");
        assertEquals(1, r.count(Comparison.FIXED));
        assertEquals(2, r.count(Comparison.REGRESSION));
    }

    @Test
    void aNewKernelIsComparedWithItsPredecessorInTheFamily() throws Exception {
        RunReport r = new ReportLoader(FixtureTree.standard(root).tree).load(FixtureTree.RUN2);
        ReportCell k48 = cell(r, "1.0", "6.1.0-48-amd64");
        assertEquals(Comparison.REGRESSION, k48.comparison());
        // -50 also ran before, but it is no predecessor of -48.
        assertEquals(new Baseline(FixtureTree.RUN1, "6.1.0-47-amd64", CellOutcome.BUILT), k48.baseline());
    }

    @Test
    void eachRunKeepsItsOwnRecordsAfterLaterRunsReplaceTheCells() throws Exception {
        RunReport r = new ReportLoader(FixtureTree.standard(root).tree).load(FixtureTree.RUN2);
        ReportCell k50 = cell(r, "1.0", "6.1.0-50-amd64");
        assertEquals(RecordSource.RUN_RECORD, k50.source());
        assertEquals("k2-50", k50.result().cacheKey(), "run 3 replaced the cell's folder, not run 2's record");
        ReportCell k49 = cell(r, "1.0", "6.1.0-49-amd64");
        assertEquals(RecordSource.RUN_RECORD, k49.source(), "an ERROR is not cached, but the run kept its record");
        assertEquals(FixtureTree.RUN2, k49.result().runId());
        assertEquals(FarmTree.recordDigest(k49.result()), k49.record());
    }

    @Test
    void recordsOfLaterRunsAreNotMixedInToOlderSummaries() throws Exception {
        RunReport r = new ReportLoader(FixtureTree.standard(root, false).tree).load(FixtureTree.RUN2);
        ReportCell k47 = cell(r, "1.0", "6.1.0-47-amd64");
        assertEquals(RecordSource.CELL_RECORD, k47.source());
        assertEquals(FixtureTree.RUN2, k47.result().runId());
        ReportCell k50 = cell(r, "1.0", "6.1.0-50-amd64");
        assertEquals(RecordSource.CACHE_ENTRY, k50.source(), "run 3 replaced the record; the cache kept run 2's");
        assertEquals(CellOutcome.BUILT, k50.result().outcome());
        assertEquals("k2-50", k50.result().cacheKey());
        ReportCell k49 = cell(r, "1.0", "6.1.0-49-amd64");
        assertEquals(RecordSource.REPLACED, k49.source(), "same key, but run 3's ERROR, and ERROR is not cached");
        assertNull(k49.result());
    }

    @Test
    void aCachedCellKeepsTheBuildingRunsRecordAndComparesWithTheRunBefore() throws Exception {
        ReportLoader loader = new ReportLoader(FixtureTree.standard(root).tree);
        assertEquals(Optional.of(FixtureTree.RUN3), loader.latest());
        RunReport r = loader.load(FixtureTree.RUN3);
        ReportCell k47 = cell(r, "1.0", "6.1.0-47-amd64");
        assertEquals(RecordSource.RUN_RECORD, k47.source());
        assertEquals(FixtureTree.RUN2, k47.result().runId());
        assertEquals(Comparison.FAILING, k47.comparison());
        ReportCell k50 = cell(r, "1.0", "6.1.0-50-amd64");
        assertEquals(Comparison.REGRESSION, k50.comparison());
        assertEquals(FixtureTree.RUN2, k50.baseline().runId());
    }

    @Test
    void cellsAreOrderedByModuleVersionKernelWithNotRunLast() throws Exception {
        RunReport r = new ReportLoader(FixtureTree.standard(root).tree).load(FixtureTree.RUN2);
        List<String> order = r.cells().stream().map(c -> c.moduleVersion() + " " + c.kernel()).toList();
        assertEquals(List.of("hello/1.0 6.1.0-47-amd64", "hello/1.0 6.1.0-48-amd64", "hello/1.0 6.1.0-49-amd64",
                "hello/1.0 6.1.0-50-amd64", "hello/1.0 6.12.6-amd64", "hello/2.0 6.1.0-48-amd64",
                "hello-src 6.1.0-51-amd64"), order);
        assertEquals(RecordSource.NOT_RUN, r.cells().get(6).source());
    }

    @Test
    void failedCellsCarryTheirLogsTail() throws Exception {
        RunReport r = new ReportLoader(FixtureTree.standard(root).tree).load(FixtureTree.RUN2);
        List<String> tail = cell(r, "1.0", "6.1.0-47-amd64").logTail();
        assertEquals(ReportLoader.LOG_TAIL_LINES, tail.size());
        assertEquals("line 22", tail.get(0));
        assertTrue(tail.get(tail.size() - 1).contains("'x' undeclared"));
        assertEquals(List.of(), cell(r, "1.0", "6.1.0-50-amd64").logTail());
    }

    @Test
    void againstComparesWithThatRunAlone() throws Exception {
        ReportLoader loader = new ReportLoader(FixtureTree.standard(root).tree);
        RunReport r = loader.load(FixtureTree.RUN3, Optional.of(FixtureTree.RUN1));
        assertEquals(FixtureTree.RUN1, r.against());
        ReportCell k50 = cell(r, "1.0", "6.1.0-50-amd64");
        assertEquals(Comparison.FAILING, k50.comparison(), "failed in run 1 too; run 2's fix is not looked at");
        assertEquals(FixtureTree.RUN1, k50.baseline().runId());
        assertEquals(Comparison.REGRESSION, cell(r, "1.0", "6.1.0-47-amd64").comparison());
        assertNull(loader.load(FixtureTree.RUN3).against());
        assertThrows(NoSuchFileException.class, () -> loader.load(FixtureTree.RUN3, Optional.of("nope")));
    }

    @Test
    void anUnknownRunIsNamed() throws Exception {
        ReportLoader loader = new ReportLoader(FixtureTree.standard(root).tree);
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> loader.load("nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertEquals(Optional.empty(), new ReportLoader(new FixtureTree(root.resolve("empty")).tree).latest());
    }
}
