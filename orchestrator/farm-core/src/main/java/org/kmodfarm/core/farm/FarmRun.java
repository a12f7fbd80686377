package org.kmodfarm.core.farm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.kmodfarm.core.farm.CellPipeline.Done;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.InfraException;

/**
 * Runs planned cells: the cache first (an unchanged cell starts no container), then a bounded pool of workers,
 * each cell taken through its {@link CellPipeline} (executed, retried when it ends in {@code ERROR}, signed,
 * stored in the tree as it arrives). A cell that depends on others starts once they are stored. Interrupting the
 * calling thread stops the workers, whose containers are killed, and nothing half-stored remains. One run per
 * instance.
 */
public final class FarmRun {
    private final CellPipeline pipeline;
    private final Clock clock;
    private final FarmListener listener;

    public FarmRun(CellExecutor executor, FarmTree tree, FarmListener listener, FarmMetrics metrics, Clock clock) {
        this(executor, tree, listener, metrics, clock, Optional.empty());
    }

    /** @param signer signs every freshly BUILT cell's modules before they are stored; empty: no signing */
    public FarmRun(CellExecutor executor, FarmTree tree, FarmListener listener, FarmMetrics metrics, Clock clock,
            Optional<CellSigner> signer) {
        this.pipeline = new CellPipeline(executor, tree, listener, metrics, clock, signer);
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Builds the cells and writes the run's summary and metrics.
     *
     * @throws InterruptedException when interrupted; running containers are killed first
     */
    public RunSummary run(String runId, List<PlannedCell> cells, FarmOptions options) throws InterruptedException {
        return runDependent(runId, cells.stream().map(DependentCell::independent).toList(), options);
    }

    /**
     * Builds cells of which some wait for others (BUILD_DEPENDS on the same kernel): a cell starts as soon as the
     * cells it depends on are stored, on the same bounded pool, so independent branches run side by side.
     *
     * @throws IllegalArgumentException when a cell depends on itself or on a later cell
     * @throws InterruptedException when interrupted; running containers are killed first
     */
    public RunSummary runDependent(String runId, List<DependentCell> cells, FarmOptions options)
            throws InterruptedException {
        Instant start = clock.instant();
        listener.planned(cells.size());
        List<CompletableFuture<Optional<Done>>> done = new ArrayList<>();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.jobs(), cells.size())),
                r -> new Thread(r, "cell-" + threads.incrementAndGet()));
        try {
            for (int i = 0; i < cells.size(); i++) {
                DependentCell cell = cells.get(i);
                if (cell.dependsOn().stream().anyMatch(d -> d < 0 || d >= done.size())) {
                    throw new IllegalArgumentException("cell " + i + " depends on a cell not before it: "
                            + cell.dependsOn());
                }
                if (!cell.unregistered().isEmpty()) {
                    done.add(CompletableFuture.supplyAsync(unchecked(() -> Optional.of(skipped(runId, cell,
                            cell.unregistered(), cell.unregistered().stream().map(n -> "unregistered " + n).toList(),
                            options))), pool));
                } else if (cell.dependsOn().isEmpty()) {
                    // The cache first: an unchanged cell is served without waiting for a worker.
                    Optional<Done> hit = options.rebuild() ? Optional.empty() : pipeline.cached(cell.provisional());
                    done.add(hit.isPresent() ? CompletableFuture.completedFuture(hit)
                            : CompletableFuture.supplyAsync(unchecked(() -> build(runId, cell.provisional(), options,
                                    start, stopping)), pool));
                } else {
                    List<CompletableFuture<Optional<Done>>> deps = cell.dependsOn().stream().map(done::get).toList();
                    done.add(CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new)).thenApplyAsync(
                            ignored -> unchecked(() -> afterDependencies(runId, cell, deps.stream()
                                    .map(CompletableFuture::join).toList(), options, start, stopping)).get(), pool));
                }
            }
            List<Optional<Done>> finished = new ArrayList<>();
            for (CompletableFuture<Optional<Done>> f : done) {
                finished.add(get(f));
            }
            return summarise(runId, start, cells.stream().map(DependentCell::provisional).toList(), finished);
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                throw new InfraException("cells did not stop within 60 s of the interruption",
                        "remove leftover containers: docker rm -f $(docker ps -aq --filter label=kmodfarm.managed=true)");
            }
        }
    }

    /** A cell whose dependencies are stored: SKIPPED when one did not build, else from the cache or built. */
    private Optional<Done> afterDependencies(String runId, DependentCell cell, List<Optional<Done>> deps,
            FarmOptions options, Instant runStart, AtomicBoolean stopping) throws InterruptedException, IOException {
        if (deps.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        List<CellResult> results = deps.stream().map(d -> d.get().result()).toList();
        List<CellResult> unbuilt = results.stream().filter(r -> r.outcome() != CellOutcome.BUILT).toList();
        if (!unbuilt.isEmpty()) {
            return Optional.of(skipped(runId, cell, unbuilt.stream().map(r -> r.cell().module()).distinct().toList(),
                    unbuilt.stream().map(r -> "dependency " + r.cacheKey()).toList(), options));
        }
        PlannedCell resolved = cell.resolve().apply(results);
        Optional<Done> hit = options.rebuild() ? Optional.empty() : pipeline.cached(resolved);
        return hit.isPresent() ? hit : build(runId, resolved, options, runStart, stopping);
    }

    private Done skipped(String runId, DependentCell cell, List<String> missing, List<String> why,
            FarmOptions options) throws IOException {
        return pipeline.skipped(runId, cell.provisional(), DependentCell.missingDependencies(cell.module(), missing),
                why, options);
    }

    /** Builds the cell, unless an earlier one failed without --keep-going; a failure stops the cells after it. */
    private Optional<Done> build(String runId, PlannedCell cell, FarmOptions options, Instant runStart,
            AtomicBoolean stopping) throws InterruptedException, IOException {
        if (stopping.get()) {
            return Optional.empty();
        }
        Done done = pipeline.build(runId, cell, options, runStart);
        if (!done.result().outcome().good() && !options.keepGoing()) {
            stopping.set(true);
        }
        return Optional.of(done);
    }

    /** A step that may throw, run where only unchecked exceptions may leave. */
    @FunctionalInterface
    private interface Step<T> {
        T call() throws InterruptedException, IOException;
    }

    private static <T> Supplier<T> unchecked(Step<T> step) {
        return () -> {
            try {
                return step.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static Optional<Done> get(CompletableFuture<Optional<Done>> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : e.getCause();
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("a cell's worker failed", cause);
        }
    }

    private RunSummary summarise(String runId, Instant start, List<PlannedCell> cells, List<Optional<Done>> done) {
        // Not run: the run stopped before the cell (or a cell it waits for) started.
        List<RunSummary.Cell> rows = new ArrayList<>();
        Map<CellOutcome, Integer> counts = new EnumMap<>(CellOutcome.class);
        int hits = 0;
        int retries = 0;
        int notRun = 0;
        boolean badInput = false;
        for (int i = 0; i < cells.size(); i++) {
            PlannedCell cell = cells.get(i);
            Optional<CellResult> r = done.get(i).map(Done::result);
            if (r.isEmpty()) {
                notRun++;
                rows.add(new RunSummary.Cell(cell.sourceDir().getFileName() + " " + cell.kernel() + " ("
                        + cell.arch() + ")", cell.origin(), null, false, 0, "not run: an earlier cell failed "
                        + "(use --keep-going to build every cell)", "", cell.cacheKey(), 0, ""));
                continue;
            }
            CellResult c = r.get();
            boolean cached = done.get(i).get().cached();
            hits += cached ? 1 : 0;
            retries += done.get(i).get().retries();
            counts.merge(c.outcome(), 1, Integer::sum);
            badInput |= "add".equals(c.stage()) && c.outcome() == CellOutcome.FAILED;
            rows.add(new RunSummary.Cell(c.cell().path(), cell.origin(), c.outcome(), cached, c.attempts(),
                    c.reason(), c.firstError() == null ? "" : c.firstError().describe(), c.cacheKey(),
                    c.timings().compileMs(), FarmTree.recordDigest(c)));
        }
        Instant end = clock.instant();
        return new RunSummary(1, runId, start.toString(), end.toString(), end.toEpochMilli() - start.toEpochMilli(),
                rows, counts, hits, retries, notRun, badInput);
    }
}
