package org.kmodfarm.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmListener;
import org.kmodfarm.core.farm.PlannedCell;

/**
 * A run's progress: one line per finished cell with counts and an estimate of the time left, the same on a
 * terminal, in a CI log or piped to a file; on a terminal, a status line below them (done, running, not good,
 * ETA) is redrawn at every event.
 */
final class ProgressLines implements FarmListener {
    private final PrintWriter out;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger built = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final boolean terminal;
    private volatile int total;
    private volatile long started;

    /** @param terminal whether {@code out} is a terminal, which gets the status line */
    ProgressLines(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void planned(int cells) {
        total = cells;
        started = System.nanoTime();
    }

    @Override
    public void started(PlannedCell cell, int attempt) {
        if (attempt == 1) {
            running.incrementAndGet();
            if (terminal) {
                status();
            }
        }
        if (attempt > 1) {
            line("retrying " + cell.kernel() + " (" + cell.origin() + "), attempt " + attempt
                    + ": the previous one hit an infrastructure error");
        }
    }

    @Override
    public void finished(CellResult r, boolean cached) {
        int n = done.incrementAndGet();
        if (!cached) {
            running.decrementAndGet();
        }
        if (!r.outcome().good()) {
            failed.incrementAndGet();
        }
        int compiled = cached ? built.get() : built.incrementAndGet();
        String time = cached ? "cached" : String.format("%.1f s", r.timings().totalMs() / 1000.0);
        String detail = r.outcome().good() ? "" : "  " + (r.firstError() != null ? r.firstError().describe()
                : r.reason());
        line(String.format("[%d/%d] %-7s %s/%s %s (%s) %s%s%s", n, total, r.outcome(), r.cell().module(),
                r.cell().version(), r.cell().kernel(), r.cell().arch(), time, detail, eta(n, compiled)));
    }

    /** Time left from the pace of the cells built so far (cached ones cost nothing). */
    private String eta(int n, int compiled) {
        int left = total - n;
        if (left == 0 || compiled == 0) {
            return failed.get() > 0 ? "  (" + failed.get() + " not good)" : "";
        }
        double perCell = (System.nanoTime() - started) / 1e9 / compiled;
        return String.format("  ETA %.0f s%s", perCell * left, failed.get() > 0 ? ", " + failed.get() + " not good"
                : "");
    }

    private synchronized void line(String text) {
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(text);
        if (terminal) {
            status();
        }
        out.flush();
    }

    /** Redraws the status line in place; nothing once every cell is done. */
    private synchronized void status() {
        out.print("\r\033[K");
        if (done.get() < total) {
            out.print(String.format("%d/%d done, %d running, %d not good", done.get(), total, running.get(),
                    failed.get()));
        }
        out.flush();
    }
}
