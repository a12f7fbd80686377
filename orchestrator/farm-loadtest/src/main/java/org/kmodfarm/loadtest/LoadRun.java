package org.kmodfarm.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs many load tests with a bounded number of machines at once. The pool is this object's own: created and
 * shut down by {@link #run}; with one machine at a time everything runs on the caller's thread (for debugging).
 * An interruption stops the pool: every running machine is killed before {@link #run} returns.
 */
public final class LoadRun {
    /** What the emulator itself needs beside the guest's memory. */
    static final long OVERHEAD_MB = 200;

    private final LoadTester tester;
    private final int machines;
    private final Listener listener;

    /** Told about each finished cell, from the thread that tested it; must be thread-safe. */
    @FunctionalInterface
    public interface Listener {
        void finished(LoadCell cell, LoadTester.Result result) throws InterruptedException;
    }

    public LoadRun(LoadTester tester, int machines, Listener listener) {
        if (machines < 1) {
            throw new IllegalArgumentException("at least one machine at a time, not " + machines);
        }
        this.tester = tester;
        this.machines = machines;
        this.listener = listener;
    }

    /**
     * Machines side by side: as many as asked, no more than the cores, and no more than half the machine's
     * memory holds (each guest plus the emulator), at least one.
     */
    public static int machines(int asked, int cores, long physicalBytes, int guestMb) {
        long byMemory = (physicalBytes / 2) / ((guestMb + OVERHEAD_MB) << 20);
        return (int) Math.max(1, Math.min(asked, Math.min(cores, byMemory)));
    }

    /** Tests every cell; results in the order of {@code cells}. */
    public List<LoadTester.Result> run(List<LoadCell> cells, String runId) throws InterruptedException {
        List<LoadTester.Result> results = new ArrayList<>();
        if (machines == 1) {
            for (LoadCell cell : cells) {
                results.add(one(cell, runId));
            }
            return results;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(machines, r -> {
            Thread t = new Thread(r, "kmodfarm-vm-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<LoadTester.Result>> futures = new ArrayList<>();
            for (LoadCell cell : cells) {
                futures.add(pool.submit(() -> one(cell, runId)));
            }
            for (Future<LoadTester.Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("a load test failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
            // running machines are killed by their threads' interruption; wait until they are gone
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private LoadTester.Result one(LoadCell cell, String runId) throws InterruptedException {
        LoadTester.Result result = tester.test(cell, runId);
        listener.finished(cell, result);
        return result;
    }
}
