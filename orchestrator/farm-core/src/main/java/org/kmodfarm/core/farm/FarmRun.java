package org.kmodfarm.core.farm;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.InfraException;

/**
 * Runs planned cells: the cache first (an unchanged cell starts no container), then a bounded pool of workers,
 * each cell in its own execution, retried with back-off only when it ends in {@code ERROR}; every result is
 * stored in the tree as it arrives. Interrupting the calling thread stops the workers, whose containers are
 * killed, and nothing half-stored remains. One run per instance.
 */
public final class FarmRun {
    private final CellExecutor executor;
    private final FarmTree tree;
    private final FarmListener listener;
    private final FarmMetrics metrics;
    private final Clock clock;
    private final Optional<CellSigner> signer;

    public FarmRun(CellExecutor executor, FarmTree tree, FarmListener listener, FarmMetrics metrics, Clock clock) {
        this(executor, tree, listener, metrics, clock, Optional.empty());
    }

    /** @param signer signs every freshly BUILT cell's modules before they are stored; empty: no signing */
    public FarmRun(CellExecutor executor, FarmTree tree, FarmListener listener, FarmMetrics metrics, Clock clock,
            Optional<CellSigner> signer) {
        this.signer = signer;
        this.executor = executor;
        this.tree = tree;
        this.listener = listener;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One execution of a cell and how it was classified. */
    private record Attempt(Optional<CellExecution> execution, Verdict verdict, LogCapture log, int number,
                           String signer) {
    }

    /** What a worker hands back: the stored result, or nothing when the run stopped before the cell started. */
    private record Done(Optional<CellResult> result, boolean cached, int retries) {
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
                    Optional<CellResult> hit = options.rebuild() ? Optional.empty() : cached(cell.provisional());
                    done.add(hit.isPresent() ? CompletableFuture.completedFuture(Optional.of(new Done(hit, true, 0)))
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
        if (deps.stream().anyMatch(d -> d.flatMap(Done::result).isEmpty())) {
            return Optional.empty();
        }
        List<CellResult> results = deps.stream().map(d -> d.get().result().get()).toList();
        List<CellResult> unbuilt = results.stream().filter(r -> r.outcome() != CellOutcome.BUILT).toList();
        if (!unbuilt.isEmpty()) {
            return Optional.of(skipped(runId, cell, unbuilt.stream().map(r -> r.cell().module()).distinct().toList(),
                    unbuilt.stream().map(r -> "dependency " + r.cacheKey()).toList(), options));
        }
        PlannedCell resolved = cell.resolve().apply(results);
        Optional<CellResult> hit = options.rebuild() ? Optional.empty() : cached(resolved);
        return hit.isPresent() ? Optional.of(new Done(hit, true, 0))
                : build(runId, resolved, options, runStart, stopping);
    }

    /**
     * Stores a cell whose dependencies are missing, without starting it. Its cache key names why (the
     * dependencies' results), so that it is never served for a run where they build.
     */
    private Done skipped(String runId, DependentCell cell, List<String> missing, List<String> why,
            FarmOptions options) throws IOException {
        PlannedCell p = cell.provisional();
        List<String> key = new ArrayList<>(List.of("skipped " + p.cacheKey()));
        key.addAll(why);
        PlannedCell keyed = new PlannedCell(p.origin(), p.sourceDir(), p.sourceHash(), p.inputs(), p.image(),
                Digests.sha256Lines(key.toArray(String[]::new)), p.imageMs());
        String reason = DependentCell.missingDependencies(cell.module(), missing);
        LogCapture log = new LogCapture(options.logCap());
        log.accept("kmodfarm: " + reason);
        Instant now = clock.instant();
        CellResult result = store(runId, keyed, options, new Attempt(Optional.empty(),
                Verdict.of(CellOutcome.SKIPPED, reason), log, 0, ""), now, new CellTimings(0, 0, 0, 0));
        metrics.cell(result, 0);
        listener.finished(result, false);
        return new Done(Optional.of(result), false, 0);
    }

    /** A step that may throw, run where only unchecked exceptions may leave. */
    @FunctionalInterface
    private interface Step<T> {
        T call() throws InterruptedException, IOException;
    }

    private static <T> java.util.function.Supplier<T> unchecked(Step<T> step) {
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

    private Optional<CellResult> cached(PlannedCell cell) {
        Optional<CellResult> hit = tree.cached(cell.cacheKey());
        hit.ifPresent(r -> {
            try {
                tree.restore(r);
                linkSource(cell, r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restore cached cell " + r.cell() + " in " + tree.root(), e);
            }
            metrics.cacheHit();
            listener.finished(r, true);
        });
        return hit;
    }

    private Optional<Done> build(String runId, PlannedCell cell, FarmOptions options, Instant runStart,
            AtomicBoolean stopping) throws InterruptedException, IOException {
        if (stopping.get()) {
            return Optional.empty();
        }
        Instant taken = clock.instant();
        Attempt last = withRetries(runId, cell, options);
        if (signer.isPresent() && last.verdict().outcome() == CellOutcome.BUILT) {
            last = signed(runId, cell, options, last, signer.get());
        }
        long compileMs = last.execution().map(e -> e.elapsed().toMillis()).orElse(0L);
        CellResult result = store(runId, cell, options, last, taken,
                new CellTimings(taken.toEpochMilli() - runStart.toEpochMilli(), cell.imageMs(), compileMs,
                        clock.millis() - taken.toEpochMilli()));
        if (!result.outcome().good() && !options.keepGoing()) {
            stopping.set(true);
        }
        metrics.cell(result, last.number() - 1);
        listener.finished(result, false);
        return Optional.of(new Done(Optional.of(result), false, last.number() - 1));
    }

    private Attempt withRetries(String runId, PlannedCell cell, FarmOptions options) throws InterruptedException {
        RetryPolicy<Attempt> retry = RetryPolicy.<Attempt>builder()
                .handleIf((attempt, failure) -> failure == null && (attempt.verdict().outcome() == CellOutcome.ERROR
                        || options.retryTimeouts() && attempt.verdict().outcome() == CellOutcome.TIMEOUT))
                .withMaxRetries(options.retries())
                .withBackoff(options.retryDelay(), options.retryDelay().multipliedBy(8))
                .build();
        try {
            return Failsafe.with(retry).get(ctx -> attempt(runId, cell, options, ctx.getAttemptCount() + 1));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            throw e;
        }
    }

    private Attempt attempt(String runId, PlannedCell cell, FarmOptions options, int number)
            throws InterruptedException {
        listener.started(cell, number);
        LogCapture log = new LogCapture(options.logCap());
        CellWork work = CellWork.of(runId, cell, options);
        try {
            CellExecution execution = executor.execute(work, log);
            return new Attempt(Optional.of(execution), CellClassifier.classify(execution, log.lines(),
                    options.timeout(), options.limits().memoryBytes()), log, number, "");
        } catch (InfraException e) {
            log.accept("kmodfarm: " + e.getMessage());
            return new Attempt(Optional.empty(), Verdict.of(CellOutcome.ERROR, e.getMessage()), log, number, "");
        }
    }

    /**
     * The BUILT attempt with its modules signed by the signing step (their modinfo too), or an ERROR when they
     * could not be: an unsigned module where signing is configured would not load on the machines it is for.
     */
    private Attempt signed(String runId, PlannedCell cell, FarmOptions options, Attempt built, CellSigner with)
            throws InterruptedException {
        SigningStep.Outcome signed = SigningStep.sign(with, CellWork.of(runId, cell, options),
                built.execution().orElseThrow(), built.log());
        if (signed.execution().isEmpty()) {
            built.log().accept("kmodfarm: signing failed: " + signed.failure());
            return new Attempt(built.execution(), Verdict.of(CellOutcome.ERROR, "signing failed: "
                    + signed.failure()), built.log(), built.number(), "");
        }
        return new Attempt(signed.execution(), built.verdict(), built.log(), built.number(), signed.signer());
    }

    private CellResult store(String runId, PlannedCell cell, FarmOptions options, Attempt last, Instant started,
            CellTimings timings) throws IOException {
        Map<String, byte[]> outputs = last.execution().map(CellExecution::outputs).orElse(Map.of());
        Optional<CellReport> report = CellReport.from(outputs);
        String name = report.map(CellReport::name).filter(n -> !n.isEmpty())
                .or(() -> DeclaredDirectives.read(cell.sourceDir(), "PACKAGE_NAME"))
                .orElse(cell.sourceDir().getFileName().toString());
        String version = report.map(CellReport::version).filter(v -> !v.isEmpty())
                .or(() -> DeclaredDirectives.read(cell.sourceDir(), "PACKAGE_VERSION")).orElse("unknown");
        CellId id = new CellId(name, version, cell.kernel(), cell.arch());
        Map<String, byte[]> modules = new java.util.TreeMap<>();
        List<ModuleInfo> infos = new ArrayList<>();
        if (last.verdict().outcome() == CellOutcome.BUILT) {
            for (var o : outputs.entrySet()) {
                if (CellClassifier.isModule(o.getKey())) {
                    String file = o.getKey().substring("module/".length());
                    modules.put(file, o.getValue());
                    byte[] modinfo = outputs.getOrDefault("modinfo/" + file + ".txt", new byte[0]);
                    infos.add(ModuleInfo.parse(file, o.getValue(), new String(modinfo, StandardCharsets.UTF_8)));
                }
            }
            byte[] symvers = outputs.get("module/Module.symvers");
            if (symvers != null) {
                modules.put("Module.symvers", symvers);
            }
        }
        byte[] makeLog = outputs.getOrDefault("make.log", new byte[0]);
        byte[] buildLog = last.log().bytes();
        var target = cell.image().target();
        CellResult result = new CellResult(CellResult.SCHEMA, id, new CellResult.Target(target.distro(),
                target.release(), target.suite(), target.flavour(), target.group()), last.verdict().outcome(),
                last.verdict().reason(), last.number(), timings, new CellResult.Image(cell.image().tag(),
                cell.image().id()), cell.cacheKey(), cell.sourceHash(), report.map(CellReport::stage).orElse(""),
                report.map(CellReport::status).orElse(-1), report.map(CellReport::compression).orElse(""), infos,
                last.verdict().firstError().orElse(null), makeLog.length == 0 ? "" : Digests.sha256(makeLog),
                Digests.sha256(buildLog), report.map(CellReport::logCapped).orElse(false) || last.log().capped(),
                options.reproducer().apply(cell), runId, started.toString(), clock.instant().toString(),
                last.signer(), CompilerCacheStats.from(outputs), null);
        tree.store(result, modules, makeLog, buildLog);
        linkSource(cell, result);
        return result;
    }

    private void linkSource(PlannedCell cell, CellResult result) throws IOException {
        if (!result.cell().version().equals("unknown")) {
            tree.linkSource(result.cell().module(), result.cell().version(), cell.sourceDir(), cell.sourceHash());
        }
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
            Optional<CellResult> r = done.get(i).flatMap(Done::result);
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
