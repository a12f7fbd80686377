package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.CellTimings;
import org.kmodfarm.core.farm.FirstError;
import org.kmodfarm.model.CellOutcome;

class ProgressLinesTest {
    static CellResult result(String kernel, CellOutcome outcome, FirstError first) {
        return new CellResult(CellResult.SCHEMA, new CellId("hello", "1.0", kernel, "x86_64"), null, outcome, "why", 1,
                new CellTimings(0, 0, 1500, 2000), null, "key", "hash", "build", 0, "", List.of(), first, "", "", false,
                "", "run", "", "", "", null, null);
    }

    @Test
    void plainLinesForLogs() {
        StringWriter text = new StringWriter();
        ProgressLines progress = new ProgressLines(new PrintWriter(text), false);
        progress.planned(2);
        progress.finished(result("6.1.0-1-amd64", CellOutcome.BUILT, null), true);
        progress.finished(result("6.1.0-2-amd64", CellOutcome.FAILED, new FirstError("a.c", 3, "boom")), false);
        List<String> lines = text.toString().lines().toList();
        assertEquals("[1/2] BUILT   hello/1.0 6.1.0-1-amd64 (x86_64) cached", lines.get(0));
        assertEquals("[2/2] FAILED  hello/1.0 6.1.0-2-amd64 (x86_64) 2.0 s  a.c:3: boom  (1 not good)", lines.get(1));
        assertFalse(text.toString().contains("\033"), "no terminal codes in a log");
    }

    @Test
    void aStatusLineOnATerminal() {
        StringWriter text = new StringWriter();
        ProgressLines progress = new ProgressLines(new PrintWriter(text), true);
        progress.planned(2);
        progress.started(null, 1);
        assertTrue(text.toString().endsWith("0/2 done, 1 running, 0 not good"), text.toString());
        progress.finished(result("6.1.0-1-amd64", CellOutcome.BUILT, null), false);
        assertTrue(text.toString().endsWith("1/2 done, 0 running, 0 not good"), text.toString());
    }
}
