package org.kmodfarm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.kmodfarm.core.apt.AptIndexCache;
import org.kmodfarm.core.config.FarmConfig;
import org.kmodfarm.core.farm.CellLoad;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.FarmMetrics;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.loadtest.Accel;
import org.kmodfarm.loadtest.DebCache;
import org.kmodfarm.loadtest.KernelImages;
import org.kmodfarm.loadtest.KernelKit;
import org.kmodfarm.loadtest.KernelKits;
import org.kmodfarm.loadtest.KitSource;
import org.kmodfarm.loadtest.KvmProbe;
import org.kmodfarm.loadtest.LoadCell;
import org.kmodfarm.loadtest.LoadReport;
import org.kmodfarm.loadtest.LoadRun;
import org.kmodfarm.loadtest.LoadSettings;
import org.kmodfarm.loadtest.LoadTester;
import org.kmodfarm.loadtest.PackageLocator;
import org.kmodfarm.loadtest.VmRunner;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.LoadVerdict;

/**
 * Load tests as {@code loadtest} and {@code build --loadtest} run them: kernels' kits, the accelerator chosen
 * once, the machines side by side, each verdict stored in the tree as its cell ends, one progress line per cell.
 * The caller holds the tree's writer lock.
 */
final class LoadTests {
    /** What the user asked for. */
    record Request(int machines, int memoryMb, Duration timeout, String accel, boolean refresh) {
    }

    /** What a run of load tests found. */
    record Outcome(List<LoadReport> reports) {
        int count(LoadVerdict verdict) {
            return (int) reports.stream().filter(r -> r.verdict() == verdict).count();
        }

        boolean infrastructure() {
            return reports.stream().anyMatch(LoadReport::infrastructure);
        }

        /** DESIGN.md §4's spirit: an infrastructure failure 3, a LOAD_FAILED 1, else 0. */
        int exitCode() {
            return infrastructure() ? ExitCodes.INFRA : count(LoadVerdict.LOAD_FAILED) > 0 ? ExitCodes.FAILED
                    : ExitCodes.OK;
        }
    }

    private final Context context;

    LoadTests(Context context) {
        this.context = context;
    }

    Outcome run(FarmTree tree, List<LoadCell> cells, Request request, String runId, FarmMetrics metrics)
            throws InterruptedException, IOException {
        PrintWriter out = context.out();
        // packages and unpacked kernels live with the index cache (cache-dir, by default TREE/.kmodfarm/cache)
        Path cache = context.resolvePath(context.config().cacheDir());
        AptIndexCache indexes = new AptIndexCache(cache,
                context.services().fetcher(), Clock.systemUTC(), context.config().indexMaxAge(),
                w -> context.err().println("warning: " + w));
        KernelImages images = new KernelImages(cache.resolve("loadtest"),
                new DebCache(cache.resolve("debs"), context.services().fetcher()));
        KernelKits kits = new KernelKits(new PackageLocator(indexes, request.refresh()), images);
        VmRunner runner = context.services().vmRunner(tree.meta().resolve("tmp"));
        Accel accel = accel(request.accel(), runner, cells, kits);
        int machines = LoadRun.machines(request.machines(), Runtime.getRuntime().availableProcessors(),
                FarmConfig.physicalMemory(), request.memoryMb());
        out.println("load test " + runId + ": " + cells.size() + " cell(s), " + machines + " machine(s) at a time, "
                + accel.qemuName() + ", " + request.memoryMb() + " MiB each");
        out.flush();
        LoadTester tester = new LoadTester(tree, kits, images, runner,
                new LoadSettings(accel, request.memoryMb(), request.timeout()), Clock.systemUTC());
        AtomicInteger done = new AtomicInteger();
        // Ctrl-C interrupts the run, whose threads kill their machines: no emulator outlives kmodfarm
        LoadRun run = new LoadRun(tester, machines, (cell, result) -> {
            CellLoad load = store(tree, cell.build(), result);
            metrics.load(cell.build().cell(), load);
            synchronized (out) {
                out.printf(Locale.ROOT, "[%d/%d] %-16s %s %.1f s%s%s%n", done.incrementAndGet(), cells.size(),
                        load.verdict(), cell.build().cell(), load.bootMs() / 1000.0,
                        load.taintFlags().isEmpty() ? "" : "  taint " + load.taintFlags(),
                        load.reason().isEmpty() ? "" : "  " + load.reason());
                out.flush();
            }
        });
        List<LoadTester.Result> results = FarmBuilder.stoppedOnShutdown(() -> run.run(cells, runId));
        return new Outcome(results.stream().map(LoadTester.Result::report).toList());
    }

    /** Stores one verdict; an I/O failure here is the disk's: an infrastructure error. */
    private static CellLoad store(FarmTree tree, CellResult build, LoadTester.Result result) {
        LoadReport r = result.report();
        List<LoadReport.Module> loaded = r.modules().stream().filter(m -> !m.shipped() && m.insmodStatus() == 0)
                .toList();
        Boolean unloaded = loaded.isEmpty() ? null
                : loaded.stream().allMatch(m -> m.rmmodStatus() != null && m.rmmodStatus() == 0);
        CellLoad load = new CellLoad(r.verdict(), r.reason(), r.taintAfter(), r.taintFlags(), unloaded, r.accel(),
                r.bootMs(), Digests.sha256(FarmTree.json(r)), r.consoleLog(), r.runId(), r.testedAt());
        try {
            tree.storeLoad(build, load, FarmTree.json(r), result.console());
        } catch (IOException e) {
            throw new InfraException("cannot record the load test of " + build.cell() + ": " + e.getMessage(),
                    "check the free space and permissions of " + tree.root(), e);
        }
        return load;
    }

    private Accel accel(String asked, VmRunner runner, List<LoadCell> cells, KitSource kits)
            throws InterruptedException {
        switch (asked) {
            case "kvm":
                return Accel.KVM;
            case "tcg":
                return Accel.TCG;
            default:
                break;
        }
        Optional<KernelKit> kit = Optional.empty();
        for (LoadCell cell : cells) {
            KernelKit k = kits.get(cell.target());
            if (k.complete()) {
                kit = Optional.of(k);
                break;
            }
        }
        if (kit.isEmpty()) {
            return Accel.TCG;
        }
        KvmProbe.Choice choice = KvmProbe.choose(runner, Path.of("/dev/kvm"), kit.get());
        context.out().println("accelerator: " + choice.accel().qemuName() + " (" + choice.why() + ")");
        return choice.accel();
    }

    /**
     * The records (BUILT cells) whose kernel is one of {@code targets}, each with its target.
     */
    static List<LoadCell> cells(List<CellResult> records, List<KernelTarget> targets) {
        List<LoadCell> cells = new ArrayList<>();
        for (CellResult r : records) {
            targets.stream().filter(t -> t.kernel().value().equals(r.cell().kernel())).findFirst()
                    .ifPresent(t -> cells.add(new LoadCell(r, t)));
        }
        return cells;
    }

    /** Verdict counts for the closing line. */
    static String counts(Outcome outcome) {
        Map<LoadVerdict, Integer> counts = new EnumMap<>(LoadVerdict.class);
        outcome.reports().forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        return counts.isEmpty() ? "no cell load-tested" : String.join(", ", counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).toList());
    }
}
