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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.InfraException;

/**
 * One cell's way through a run, whatever schedules it: served from the cache, or executed (retried with
 * back-off only when it ends in {@code ERROR}), signed when BUILT and a signer is configured, and stored in the
 * tree with its record; or stored SKIPPED without starting. Each step tells the listener and the metrics.
 */
final class CellPipeline {
    private final CellExecutor executor;
    private final FarmTree tree;
    private final FarmListener listener;
    private final FarmMetrics metrics;
    private final Clock clock;
    private final Optional<CellSigner> signer;

    CellPipeline(CellExecutor executor, FarmTree tree, FarmListener listener, FarmMetrics metrics, Clock clock,
                 Optional<CellSigner> signer) {
        this.executor = executor;
        this.tree = tree;
        this.listener = listener;
        this.metrics = metrics;
        this.clock = clock;
        this.signer = signer;
    }

    /** A cell's stored result, whether the cache served it, and how many times it was retried. */
    record Done(CellResult result, boolean cached, int retries) {
    }

    /** One execution of a cell and how it was classified. */
    private record Attempt(Optional<CellExecution> execution, Verdict verdict, LogCapture log, int number,
                           String signer) {
    }

    /** The cached result of an unchanged cell, restored into the tree; empty when the cache has none. */
    Optional<Done> cached(PlannedCell cell) {
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
        return hit.map(r -> new Done(r, true, 0));
    }

    /** Builds the cell (with its retries and signing) and stores what came of it. */
    Done build(String runId, PlannedCell cell, FarmOptions options, Instant runStart)
            throws InterruptedException, IOException {
        Instant taken = clock.instant();
        Attempt last = withRetries(runId, cell, options);
        if (signer.isPresent() && last.verdict().outcome() == CellOutcome.BUILT) {
            last = signed(runId, cell, options, last, signer.get());
        }
        long compileMs = last.execution().map(e -> e.elapsed().toMillis()).orElse(0L);
        CellResult result = store(runId, cell, options, last, taken,
                new CellTimings(taken.toEpochMilli() - runStart.toEpochMilli(), cell.imageMs(), compileMs,
                        clock.millis() - taken.toEpochMilli()));
        metrics.cell(result, last.number() - 1);
        listener.finished(result, false);
        return new Done(result, false, last.number() - 1);
    }

    /**
     * Stores a cell whose dependencies are missing, without starting it. Its cache key names why (the
     * dependencies' results), so that it is never served for a run where they build.
     *
     * @param reason the cell's SKIPPED reason, as DKMS words it
     */
    Done skipped(String runId, PlannedCell cell, String reason, List<String> why, FarmOptions options)
            throws IOException {
        List<String> key = new ArrayList<>(List.of("skipped " + cell.cacheKey()));
        key.addAll(why);
        PlannedCell keyed = new PlannedCell(cell.origin(), cell.sourceDir(), cell.sourceHash(), cell.inputs(),
                cell.image(), Digests.sha256Lines(key.toArray(String[]::new)), cell.imageMs());
        LogCapture log = new LogCapture(options.logCap());
        log.accept("kmodfarm: " + reason);
        CellResult result = store(runId, keyed, options, new Attempt(Optional.empty(),
                Verdict.of(CellOutcome.SKIPPED, reason), log, 0, ""), clock.instant(), new CellTimings(0, 0, 0, 0));
        metrics.cell(result, 0);
        listener.finished(result, false);
        return new Done(result, false, 0);
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
        Map<String, byte[]> modules = new TreeMap<>();
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
}
