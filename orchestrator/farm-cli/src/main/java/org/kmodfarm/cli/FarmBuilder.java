package org.kmodfarm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.kmodfarm.core.config.FarmConfig;
import org.kmodfarm.core.farm.CellExecutor;
import org.kmodfarm.core.farm.CellLabels;
import org.kmodfarm.core.farm.CellLimits;
import org.kmodfarm.core.farm.CellPlanner;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.CellSigner;
import org.kmodfarm.core.farm.DependentCell;
import org.kmodfarm.core.farm.FarmMetrics;
import org.kmodfarm.core.farm.FarmOptions;
import org.kmodfarm.core.farm.FarmRun;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.PlannedCell;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.core.farm.SandboxCellSigner;
import org.kmodfarm.core.farm.SigningFiles;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.core.io.TreeLock;
import org.kmodfarm.core.source.ModuleSource;
import org.kmodfarm.loadtest.LoadCell;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.report.Comparison;
import org.kmodfarm.report.FailOn;
import org.kmodfarm.report.ReportFiles;
import org.kmodfarm.report.ReportLoader;
import org.kmodfarm.report.RunReport;

/**
 * A farm build as {@code build} and {@code demo} run it: images ensured, cells planned, the run under the tree's
 * writer lock (leftover containers of killed runs reaped first), progress lines, the summary table, the run's
 * files, and the exit code of DESIGN.md §4.
 */
final class FarmBuilder {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final long GIB = 1L << 30;

    /**
     * What the user asked for beyond sources and kernels.
     *
     * @param loadtest how to load-test the BUILT cells after the build; null: no load test
     */
    record Request(int jobs, Duration timeout, boolean rebuild, boolean rebuildImages, boolean keepGoing,
                   String reproducerMatrix, FailOnOption failOn, LoadTests.Request loadtest) {
    }

    /** How a run ended: its exit code (DESIGN.md §4) and its report, already written into the run folder. */
    record Finished(int exitCode, RunReport report, Path html) {
    }

    /** What a run builds, planned once its kernels' builder images are known. */
    interface CellGraph {
        /** The cells, each after the cells it depends on. */
        List<DependentCell> plan(CellPlanner planner, List<BuilderImage> images, Map<String, Long> imageMs);

        /** The one-line command that builds {@code cell} again. */
        String reproducer(PlannedCell cell, String matrix);
    }

    /** {@code build}'s graph: every source on every kernel, no cell waiting for another. */
    static CellGraph independent(List<ModuleSource> sources) {
        return new CellGraph() {
            @Override
            public List<DependentCell> plan(CellPlanner planner, List<BuilderImage> images,
                    Map<String, Long> imageMs) {
                return planner.plan(sources, images, imageMs).stream().map(DependentCell::independent).toList();
            }

            @Override
            public String reproducer(PlannedCell cell, String matrix) {
                return "./kmodfarm build " + cell.origin() + " --matrix " + matrix + " -k " + cell.kernel()
                        + " --rebuild --jobs 1";
            }
        };
    }

    private final Context context;

    FarmBuilder(Context context) {
        this.context = context;
    }

    Finished run(List<ModuleSource> sources, List<KernelTarget> targets, Request request)
            throws InterruptedException, IOException {
        return run(independent(sources), targets, request);
    }

    Finished run(CellGraph graph, List<KernelTarget> targets, Request request)
            throws InterruptedException, IOException {
        PrintWriter out = context.out();
        FarmTree tree = new FarmTree(context.tree());
        Optional<SigningFiles> signing = signing(context);
        CellPlanner planner = new CellPlanner(context.cellRuntime(), signing.isEmpty() ? Optional.empty()
                : Optional.of(signing.get().keyLine()));
        // A run the cache serves entirely needs neither images nor the engine: no container, no network. Cells
        // that wait for others have their keys only once those are built: such runs always ask the engine.
        List<DependentCell> cells = request.rebuild() || request.rebuildImages() ? List.of()
                : ImagesCommand.recorded(context, targets).map(images -> graph.plan(planner, images, Map.of()))
                        .filter(planned -> planned.stream().allMatch(c -> c.dependsOn().isEmpty()
                                && c.unregistered().isEmpty()
                                && tree.cached(c.provisional().cacheKey()).isPresent()))
                        .orElse(List.of());
        boolean engineNeeded = cells.isEmpty();
        if (engineNeeded) {
            Map<String, Long> imageMs = new HashMap<>();
            long t0 = System.nanoTime();
            List<BuilderImage> images = ImagesCommand.ensure(context, targets, request.rebuildImages());
            long perImage = Duration.ofNanos(System.nanoTime() - t0).toMillis() / Math.max(1, images.size());
            images.forEach(i -> imageMs.put(i.tag(), perImage));
            cells = graph.plan(planner, images, imageMs);
        }
        String runId = RUN_ID.format(Clock.systemUTC().instant()) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        FarmOptions options = options(request, cells.size(), graph);
        // One writer per tree: the lock is held for the whole run, by this thread.
        TreeLock lock = TreeLock.acquire(java.nio.file.Files.createDirectories(tree.root()));
        RunSummary summary;
        RunReport report;
        Path html;
        int loadExit = ExitCodes.OK;
        try {
            FarmMetrics metrics = new FarmMetrics();
            summary = runLocked(tree, runId, cells, options, engineNeeded, metrics, signing);
            if (request.loadtest() != null) {
                loadExit = loadTest(tree, summary, targets, request.loadtest(), runId, metrics);
            }
            tree.writeRunFile(runId, "metrics.prom", metrics.scrape().getBytes(StandardCharsets.UTF_8));
            report = new ReportLoader(tree).load(runId);
            html = new ReportFiles(tree).writeAll(report);
        } finally {
            lock.close();
        }
        new SummaryTable(tree).print(summary, out);
        out.println("results: " + tree.root() + "   run: " + tree.meta().resolve("runs").resolve(runId));
        out.println("report: " + html + " (also report.json, report.junit.xml, report.md; kmodfarm report)");
        Set<FailOn> met = request.failOn().met(report);
        if (!met.isEmpty()) {
            out.println("--fail-on: " + met.stream().map(f -> f.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")) + " (" + report.count(Comparison.REGRESSION)
                    + " regression(s))");
        }
        out.flush();
        int buildExit = exitCode(summary, request.failOn().given(), !met.isEmpty());
        return new Finished(buildExit != ExitCodes.OK ? buildExit : loadExit, report, html);
    }

    /** The run's BUILT cells loaded into their kernels; the load test's exit code. */
    private int loadTest(FarmTree tree, RunSummary summary, List<KernelTarget> targets, LoadTests.Request request,
            String runId, FarmMetrics metrics) throws IOException, InterruptedException {
        List<CellResult> built = new ArrayList<>();
        for (RunSummary.Cell row : summary.cells()) {
            if (row.outcome() == CellOutcome.BUILT) {
                Path record = tree.meta().resolve("cells").resolve(row.cell()).resolve("result.json");
                built.add(FarmTree.readJson(record, CellResult.class));
            }
        }
        List<LoadCell> cells = LoadTests.cells(built, targets);
        if (cells.isEmpty()) {
            context.out().println("load test: no BUILT cell");
            return ExitCodes.OK;
        }
        LoadTests.Outcome outcome = new LoadTests(context).run(tree, cells, request, runId, metrics);
        context.out().println("load test: " + LoadTests.counts(outcome));
        return outcome.exitCode();
    }

    private RunSummary runLocked(FarmTree tree, String runId, List<DependentCell> cells, FarmOptions options,
            boolean engineNeeded, FarmMetrics metrics, Optional<SigningFiles> signing)
            throws InterruptedException, IOException {
        PrintWriter out = context.out();
        int reaped = engineNeeded ? context.services().reapCells(CellLabels::orphaned) : 0;
        if (reaped > 0) {
            out.println("removed " + reaped + " container(s) left by an interrupted run");
        }
        out.println("run " + runId + ": " + cells.size() + " cell(s), " + options.jobs() + " at a time, make -j"
                + options.makeJobs());
        out.flush();
        CellExecutor executor = engineNeeded ? context.services().cellExecutor()
                : (work, log) -> {
                    throw new IllegalStateException("a cell the cache serves was sent to the engine");
                };
        Optional<CellSigner> signer = engineNeeded ? signing.map(files -> new SandboxCellSigner(
                context.services().sandbox(), files, context.cellRuntime())) : Optional.empty();
        FarmRun run = new FarmRun(executor, tree, new ProgressLines(out, System.console() != null), metrics,
                Clock.systemUTC(), signer);
        RunSummary summary = stoppedOnShutdown(() -> run.runDependent(runId, cells, options));
        tree.writeRunFile(runId, "summary.json", FarmTree.json(summary));
        return summary;
    }

    /**
     * The configured signing files, checked before any cell runs; empty when signing is not configured.
     *
     * @throws BadInputException when only one of them is set, or the signing container could not read them
     */
    static Optional<SigningFiles> signing(Context context) {
        Optional<String> key = context.config().signingKey();
        Optional<String> cert = context.config().signingCert();
        if (key.isEmpty() && cert.isEmpty()) {
            return Optional.empty();
        }
        if (key.isEmpty() || cert.isEmpty()) {
            throw new BadInputException(List.of(new Problem(SourceLocation.wholeFile(context.resolvePath(
                    Path.of(key.or(() -> cert).get()))),
                    "signing needs both signing.key and signing.cert; only " + (key.isPresent() ? "signing.key"
                            : "signing.cert") + " is set", "set the other one, or neither to build unsigned")));
        }
        SigningFiles files = new SigningFiles(context.resolvePath(Path.of(key.get())),
                context.resolvePath(Path.of(cert.get())));
        List<Problem> problems = files.problems().stream().map(p -> new Problem(SourceLocation.wholeFile(
                files.key()), "signing: " + p, "the signing container runs as uid " + SigningFiles.SANDBOX_UID
                        + ": give it read access, e.g. chown " + SigningFiles.SANDBOX_UID + " FILE (the key stays "
                        + "mode 0600), or set signing.key and signing.cert to usable files")).toList();
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return Optional.of(files);
    }

    /** A run that throws {@link InterruptedException}. */
    @FunctionalInterface
    interface Run<T> {
        T call() throws InterruptedException;
    }

    /**
     * Ctrl-C (SIGINT, SIGTERM) ends the JVM through its shutdown hooks without interrupting anyone: this hook
     * interrupts the run and waits until its workers have killed and removed their containers (or machines).
     */
    static <T> T stoppedOnShutdown(Run<T> run) throws InterruptedException {
        Thread runner = Thread.currentThread();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.interrupt();
            try {
                stopped.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kmodfarm-stop-cells");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.call();
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook has run.
            }
        }
    }

    /** Cells side by side as asked; make -j shares the cores among them; memory shared likewise. */
    private FarmOptions options(Request request, int cells, CellGraph graph) {
        int cores = Runtime.getRuntime().availableProcessors();
        int jobs = Math.max(1, Math.min(request.jobs(), Math.max(1, cells)));
        int makeJobs = Math.max(1, cores / jobs);
        long memory = context.config().cellMemory()
                .orElse(Math.min(8 * GIB, Math.max(GIB, FarmConfig.physicalMemory() * 3 / 4 / jobs)));
        return new FarmOptions(jobs, makeJobs, request.timeout(), new CellLimits(memory, 2048, makeJobs),
                request.rebuild(), request.keepGoing(), 2, context.config().retryTimeouts(),
                context.config().compilerCache(), Duration.ofSeconds(2),
                8L << 20,
                cell -> graph.reproducer(cell, request.reproducerMatrix()));
    }

    /**
     * DESIGN.md §4: bad input 2; a {@code --fail-on} condition met 4; an ERROR left 3; a FAILED or TIMEOUT 1
     * unless {@code --fail-on} was given (it decides instead); else 0.
     */
    static int exitCode(RunSummary summary, boolean failOnGiven, boolean failOnMet) {
        if (summary.badInput()) {
            return ExitCodes.BAD_INPUT;
        }
        if (failOnMet) {
            return ExitCodes.FAIL_ON;
        }
        if (summary.count(CellOutcome.ERROR) > 0) {
            return ExitCodes.INFRA;
        }
        if (failOnGiven) {
            return ExitCodes.OK;
        }
        return summary.count(CellOutcome.FAILED) + summary.count(CellOutcome.TIMEOUT) + summary.notRun() > 0
                ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** Source arguments as the user gave them, each possibly several sources (a package). */
    static List<ModuleSource> sources(Context context, List<String> arguments) {
        List<ModuleSource> all = new ArrayList<>();
        Path extraction = context.tree().resolve(".kmodfarm/cache/extracted");
        for (String a : arguments) {
            all.addAll(org.kmodfarm.core.source.ModuleSources.load(inTree(context, a), extraction));
        }
        return all;
    }

    /** {@code NAME/VERSION} of a module already in the tree means its kept source. */
    private static String inTree(Context context, String argument) {
        Path given = context.resolvePath(Path.of(argument));
        Path kept = context.tree().resolve(argument).resolve("source");
        if (!java.nio.file.Files.exists(given) && argument.matches("[^/]+/[^/]+")
                && java.nio.file.Files.isDirectory(kept)) {
            return kept.toString();
        }
        return given.toString();
    }
}
