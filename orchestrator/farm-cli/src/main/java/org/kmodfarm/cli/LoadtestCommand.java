package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.kmodfarm.core.config.Durations;
import org.kmodfarm.core.config.Setting;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmMetrics;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.core.io.TreeLock;
import org.kmodfarm.loadtest.LoadCell;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmodfarm loadtest}: the tree's BUILT cells loaded into their own kernels, booted in QEMU. */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Boots each selected kernel (its Debian linux-image package, fetched and cached) in a "
                + "throwaway QEMU machine with no network and a small initramfs (Debian's busybox-static and the "
                + "modules), loads the modules the farm built for it in dependency order (with the modules of the "
                + "kernel package they need), reads the taint, removes them again, and judges the console.",
                "Verdicts: LOADED, LOADED_NO_DEVICE (init returned -ENODEV: wants hardware), LOAD_FAILED (insmod "
                        + "error, unknown symbol, oops, BUG, WARNING or panic), NOT_TESTED (no image package, or "
                        + "the machine did not boot). Each cell gets TREE/.kmodfarm/cells/…/load.json and "
                        + "console.log, and 'load' in its result.json (reports show it).",
                "Exit: 0 no LOAD_FAILED, 1 a LOAD_FAILED, 2 bad input, 3 a machine or package could not be had."})
final class LoadtestCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Context context;

    @Parameters(arity = "0..*", paramLabel = "NAME/VERSION",
            description = "Module versions of the tree to test (default: every BUILT cell of the selected kernels).")
    List<String> modules = new ArrayList<>();

    @Mixin
    KernelSelection kernels;

    @Mixin
    LoadOptions load;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Machines side by side (default: jobs from the configuration; never more than the cores, "
                    + "nor than half the memory holds).")
    Integer jobs;

    LoadtestCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        context.option(Setting.JOBS, jobs, "--jobs");
        FarmTree tree = new FarmTree(context.tree());
        List<CellResult> records = built(tree, modules);
        List<LoadCell> cells = LoadTests.cells(records, kernels.targets(context));
        if (cells.isEmpty()) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(tree.meta().resolve("cells")),
                    "no BUILT cell of the selected kernels to load-test", "build first (kmodfarm build SOURCE -k "
                    + "KERNEL), or pick kernels the tree has modules for"));
        }
        String runId = RUN_ID.format(Clock.systemUTC().instant()) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        FarmMetrics metrics = new FarmMetrics();
        LoadTests.Outcome outcome;
        // one writer per tree: the lock is held for the whole run, by this thread
        TreeLock lock = TreeLock.acquire(Files.createDirectories(tree.root()));
        try {
            outcome = new LoadTests(context).run(tree, cells, load.request(context.config().jobs(), kernels.refresh), runId, metrics);
            Path dir = tree.meta().resolve("loadtests").resolve(runId);
            AtomicFiles.write(dir.resolve("summary.json"), FarmTree.json(outcome.reports()));
            AtomicFiles.write(dir.resolve("metrics.prom"), metrics.scrape().getBytes(StandardCharsets.UTF_8));
            context.out().println(LoadTests.counts(outcome) + "; records: " + tree.meta().resolve("cells")
                    + "/…/load.json, run: " + dir);
        } finally {
            lock.close();
        }
        context.out().flush();
        return outcome.exitCode();
    }

    /** The tree's BUILT records, of the given module versions (all when none is given). */
    static List<CellResult> built(FarmTree tree, List<String> moduleVersions) throws IOException {
        Path cells = tree.meta().resolve("cells");
        List<CellResult> all = new ArrayList<>();
        if (Files.isDirectory(cells)) {
            try (Stream<Path> walk = Files.walk(cells, 5)) {
                for (Path p : walk.filter(f -> f.getFileName().toString().equals("result.json")).sorted().toList()) {
                    CellResult r = FarmTree.readJson(p, CellResult.class);
                    if (r.outcome() == CellOutcome.BUILT) {
                        all.add(r);
                    }
                }
            }
        }
        TreeSet<String> known = new TreeSet<>();
        all.forEach(r -> known.add(r.cell().module() + "/" + r.cell().version()));
        List<Problem> problems = moduleVersions.stream().filter(m -> !known.contains(m))
                .map(m -> new Problem(SourceLocation.wholeFile(cells), "no BUILT cell of " + m + " in the tree",
                        known.isEmpty() ? "build it first: kmodfarm build SOURCE"
                                : "pick one of: " + String.join(", ", known)))
                .toList();
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return all.stream().filter(r -> moduleVersions.isEmpty()
                || moduleVersions.contains(r.cell().module() + "/" + r.cell().version())).toList();
    }

    /** A duration option, as the configuration reads durations. */
    static Duration duration(String value, String option) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(Path.of(option)),
                    "not a duration: '" + value + "'", "write e.g. 90s or 5m"));
        }
    }
}
