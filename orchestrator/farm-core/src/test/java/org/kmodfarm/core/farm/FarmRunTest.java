package org.kmodfarm.core.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.core.source.ModuleSource;
import org.kmodfarm.model.AptSource;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.DebianVersion;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.KernelRelease;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.spi.SandboxExit;
import org.kmodfarm.testkit.TestFiles;

class FarmRunTest {
    @TempDir
    Path dir;
    FarmTree tree;
    ModuleSource source;
    final CellRuntime runtime = new CellRuntime("jar".getBytes(), Digests.sha256("jar".getBytes()));
    /** What the fake executor answers, per kernel, in order; the last answer repeats. */
    final Map<String, Deque<Answer>> script = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger executions = new AtomicInteger();
    final List<String> labels = new ArrayList<>();
    boolean retryTimeouts;

    enum Answer { BUILT, MAKE_FAILS, EXCLUDED, INFRA, TIMEOUT, OOM, BAD_CONF }

    @BeforeEach
    void setUp() {
        tree = new FarmTree(dir.resolve("results"));
        Path src = dir.resolve("src/hello");
        TestFiles.write(src.resolve("dkms.conf"), "PACKAGE_NAME=hello\nPACKAGE_VERSION=1.0\n");
        TestFiles.write(src.resolve("hello.c"), "int x;\n");
        source = new ModuleSource("src/hello", src, "a".repeat(64));
    }

    final CellExecutor executor = new CellExecutor() {
        @Override
        public CellExecution execute(CellWork work, Consumer<String> log) {
            executions.incrementAndGet();
            synchronized (labels) {
                labels.add(work.labels().get("kmodfarm.kernel"));
            }
            Deque<Answer> answers = script.getOrDefault(work.kernel(), new ArrayDeque<>(List.of(Answer.BUILT)));
            Answer a = answers.size() > 1 ? answers.removeFirst() : answers.getFirst();
            log.accept("DKMS says hello for " + work.kernel());
            TarWriter out = new TarWriter();
            if ("src/user".equals(work.labels().get("kmodfarm.module"))) {
                // the dependent of the dependency tests: it builds whenever it runs
                return exec(0, out.file("module/user.ko", "ELF", 0644).file(CellReport.FILE,
                        report(0).replace("hello", "user"), 0644));
            }
            return switch (a) {
                case BUILT -> exec(0, out.file("module/hello.ko", "ELF " + work.kernel(), 0644)
                        .file("modinfo/hello.ko.txt", "name: hello\nvermagic: " + work.kernel() + " SMP\n"
                                + "alias: pci:v00008086d*\ndepends: usbcore,mii\n", 0644)
                        .file("make.log", "CC [M] hello.o\n", 0644).file(CellReport.FILE, report(0), 0644));
                case MAKE_FAILS -> exec(0, out.file("make.log", "/tmp/kmodfarm/tree/hello/1.0/build/hello.c:3:5: "
                        + "error: 'y' undeclared\n", 0644).file(CellReport.FILE, report(10), 0644));
                case EXCLUDED -> exec(0, out.file(CellReport.FILE, report(77), 0644));
                case BAD_CONF -> exec(0, out.file(CellReport.FILE, "name=\nversion=\nstage=add\nstatus=8\n", 0644));
                case INFRA -> throw new InfraException("engine went away", "start it");
                case TIMEOUT -> new CellExecution(new SandboxExit.TimedOut(), Map.of(), Duration.ofSeconds(5));
                case OOM -> new CellExecution(new SandboxExit.OutOfMemory(), Map.of(), Duration.ofSeconds(2));
            };
        }
    };

    static String report(int status) {
        return "name=hello\nversion=1.0\nstage=build\nstatus=" + status + "\ncompression=\n";
    }

    static CellExecution exec(int status, TarWriter out) {
        try {
            return new CellExecution(new SandboxExit.Exited(status),
                    org.kmodfarm.archive.TarReader.files(out.toBytes()), Duration.ofMillis(1200));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BuilderImage image(String kernel) {
        URI mirror = URI.create("http://deb.example/debian");
        KernelTarget t = new KernelTarget("bookworm", "debian", "bookworm", "bookworm", Arch.AMD64, "amd64",
                KernelRelease.parse(kernel), "linux-headers-" + kernel, new DebianVersion("6.1.1-1"),
                "linux-compiler-gcc-12-x86", "gcc-12", List.of(new AptSource(mirror, "bookworm")));
        return new BuilderImage(t, "kmodfarm/builder:" + kernel, "sha256:" + kernel.hashCode(), false);
    }

    RunSummary run(boolean keepGoing, int jobs, String... kernels) throws Exception {
        List<BuilderImage> images = java.util.Arrays.stream(kernels).map(FarmRunTest::image).toList();
        List<PlannedCell> cells = new CellPlanner(runtime).plan(List.of(source), images, Map.of());
        FarmOptions options = new FarmOptions(jobs, 1, Duration.ofMinutes(1), new CellLimits(1L << 30, 512, 1), false,
                keepGoing, 2, retryTimeouts, true, Duration.ofMillis(1), 1 << 20, c -> "kmodfarm build " + c.origin() + " -k " + c.kernel());
        return farmRun().run("run-1", cells, options);
    }

    /** A run over the fake executor that nobody watches. */
    FarmRun farmRun() {
        return new FarmRun(executor, tree, new FarmListener() {
            @Override
            public void planned(int n) {
            }

            @Override
            public void started(PlannedCell cell, int attempt) {
            }

            @Override
            public void finished(CellResult result, boolean cached) {
            }
        }, new FarmMetrics(), Clock.systemUTC());
    }

    /** hello, then user (BUILD_DEPENDS=hello) on each kernel; the dependencies user was resolved with. */
    RunSummary runWithDependent(List<List<CellResult>> resolvedWith, String... kernels) throws Exception {
        Path src = dir.resolve("src/user");
        TestFiles.write(src.resolve("dkms.conf"), "PACKAGE_NAME=user\nPACKAGE_VERSION=1.0\n");
        ModuleSource user = new ModuleSource("src/user", src, "b".repeat(64));
        CellPlanner planner = new CellPlanner(runtime);
        List<DependentCell> cells = new ArrayList<>();
        for (String k : kernels) {
            int base = cells.size();
            cells.add(DependentCell.independent(planner.plan(source, image(k), 0, List.of())));
            cells.add(new DependentCell(planner.plan(user, image(k), 0, List.of()), "user/1.0", List.of(base),
                    List.of(), deps -> {
                        synchronized (resolvedWith) {
                            resolvedWith.add(deps);
                        }
                        return planner.plan(user, image(k), 0, deps.stream().map(d -> new DependencyInput(
                                d.cell().module(), d.cell().version(), "symvers".getBytes())).toList());
                    }));
        }
        FarmOptions options = new FarmOptions(2, 1, Duration.ofMinutes(1), new CellLimits(1L << 30, 512, 1), false,
                true, 0, false, false, Duration.ofMillis(1), 1 << 20, c -> "again");
        return farmRun().runDependent("run-d", cells, options);
    }

    @Test
    void aDependentWaitsForItsDependencyAndIsSkippedWhenItFails() throws Exception {
        script.put("6.1.0-1-amd64", new ArrayDeque<>(List.of(Answer.MAKE_FAILS)));
        List<List<CellResult>> resolvedWith = new ArrayList<>();
        RunSummary s = runWithDependent(resolvedWith, "6.1.0-1-amd64", "6.1.0-2-amd64");
        CellResult skipped = FarmTree.readJson(tree.cellRecord(new CellId("user", "1.0", "6.1.0-1-amd64", "x86_64"))
                .resolve("result.json"), CellResult.class);
        assertEquals(CellOutcome.SKIPPED, skipped.outcome());
        assertEquals("user/1.0 autoinstall failed due to missing dependencies: hello.", skipped.reason());
        CellResult built = FarmTree.readJson(tree.cellRecord(new CellId("user", "1.0", "6.1.0-2-amd64", "x86_64"))
                .resolve("result.json"), CellResult.class);
        assertEquals(CellOutcome.BUILT, built.outcome());
        assertEquals(1, resolvedWith.size(), "only the dependent whose dependency built is resolved");
        assertEquals("6.1.0-2-amd64", resolvedWith.get(0).get(0).cell().kernel());
        assertEquals(3, executions.get(), "a skipped dependent starts no container");
        assertEquals(1, s.count(CellOutcome.SKIPPED));

        RunSummary again = runWithDependent(resolvedWith, "6.1.0-1-amd64", "6.1.0-2-amd64");
        assertEquals(3, executions.get(), "dependents are served from the cache too");
        assertEquals(3, again.cacheHits(), "both hellos and the built user; the skip is decided again");
        assertEquals(1, again.count(CellOutcome.SKIPPED));
    }

    @Test
    void theDependencysSymversAreInTheDependentsCacheKey() {
        CellPlanner planner = new CellPlanner(runtime);
        String plain = planner.plan(source, image("6.1.0-1-amd64"), 0, List.of()).cacheKey();
        String one = planner.plan(source, image("6.1.0-1-amd64"), 0, List.of(new DependencyInput("a", "1",
                "x".getBytes()))).cacheKey();
        String other = planner.plan(source, image("6.1.0-1-amd64"), 0, List.of(new DependencyInput("a", "1",
                "y".getBytes()))).cacheKey();
        assertEquals(3, java.util.Set.of(plain, one, other).size());
        assertEquals(plain, new CellPlanner(runtime).plan(List.of(source), List.of(image("6.1.0-1-amd64")), Map.of())
                .get(0).cacheKey(), "a cell without dependencies keeps its key");
    }

    CellResult result(String kernel) throws Exception {
        return FarmTree.readJson(tree.cellRecord(new CellId("hello", "1.0", kernel, "x86_64")).resolve("result.json"),
                CellResult.class);
    }

    @Test
    void storesBuiltCellsInDkmsLayoutAndServesTheRerunFromTheCache() throws Exception {
        RunSummary first = run(true, 2, "6.1.0-1-amd64", "6.1.0-2-amd64");
        assertEquals(2, first.count(CellOutcome.BUILT));
        Path cell = tree.root().resolve("hello/1.0/6.1.0-1-amd64/x86_64");
        assertEquals("ELF 6.1.0-1-amd64", Files.readString(cell.resolve("module/hello.ko")));
        assertTrue(Files.readString(cell.resolve("log/make.log")).contains("CC [M]"));
        assertTrue(Files.isRegularFile(tree.root().resolve("hello/1.0/source/dkms.conf")));
        CellResult r = result("6.1.0-1-amd64");
        assertEquals(List.of("pci:v00008086d*"), r.modules().get(0).aliases());
        assertEquals(List.of("usbcore", "mii"), r.modules().get(0).depends());
        assertTrue(r.modules().get(0).vermagic().startsWith("6.1.0-1-amd64 "));
        assertTrue(Files.isRegularFile(tree.object(r.modules().get(0).sha256())));
        assertEquals("kmodfarm build src/hello -k 6.1.0-1-amd64", r.reproducer());

        RunSummary again = run(true, 2, "6.1.0-1-amd64", "6.1.0-2-amd64");
        assertEquals(2, executions.get(), "an unchanged cell starts no container");
        assertEquals(2, again.cacheHits());
        assertEquals(2, again.count(CellOutcome.BUILT));
    }

    @Test
    void retriesOnlyInfrastructureErrors() throws Exception {
        script.put("6.1.0-1-amd64", new ArrayDeque<>(List.of(Answer.INFRA, Answer.BUILT)));
        script.put("6.1.0-2-amd64", new ArrayDeque<>(List.of(Answer.MAKE_FAILS)));
        script.put("6.1.0-3-amd64", new ArrayDeque<>(List.of(Answer.INFRA)));
        RunSummary s = run(true, 1, "6.1.0-1-amd64", "6.1.0-2-amd64", "6.1.0-3-amd64");
        assertEquals(2, result("6.1.0-1-amd64").attempts());
        assertEquals(CellOutcome.BUILT, result("6.1.0-1-amd64").outcome());
        CellResult failed = result("6.1.0-2-amd64");
        assertEquals(1, failed.attempts(), "a compile failure is never retried");
        assertEquals(new FirstError("hello.c", 3, "'y' undeclared"), failed.firstError());
        assertFalse(Files.exists(tree.root().resolve("hello/1.0/6.1.0-2-amd64")), "only BUILT cells in DKMS layout");
        CellResult infra = result("6.1.0-3-amd64");
        assertTrue(tree.cached(infra.cacheKey()).isEmpty(), "an infrastructure error is not served from the cache");
        assertEquals(CellOutcome.ERROR, infra.outcome());
        assertEquals(3, infra.attempts(), "first try plus two retries");
        assertEquals(3, s.retries());
    }

    @Test
    void classifiesTimeoutsMemoryKillsExclusionsAndRefusedConfs() throws Exception {
        script.put("6.1.0-1-amd64", new ArrayDeque<>(List.of(Answer.TIMEOUT)));
        script.put("6.1.0-2-amd64", new ArrayDeque<>(List.of(Answer.OOM)));
        script.put("6.1.0-3-amd64", new ArrayDeque<>(List.of(Answer.EXCLUDED)));
        script.put("6.1.0-4-amd64", new ArrayDeque<>(List.of(Answer.BAD_CONF)));
        RunSummary s = run(true, 2, "6.1.0-1-amd64", "6.1.0-2-amd64", "6.1.0-3-amd64", "6.1.0-4-amd64");
        assertEquals(CellOutcome.TIMEOUT, result("6.1.0-1-amd64").outcome());
        assertTrue(result("6.1.0-2-amd64").reason().contains("memory limit"));
        assertEquals(CellOutcome.SKIPPED, result("6.1.0-3-amd64").outcome());
        assertEquals(CellOutcome.FAILED, s.cells().get(3).outcome());
        assertTrue(s.badInput());
        assertEquals(4, executions.get(), "none of these is retried");
    }

    @Test
    void timeoutsAreRetriedOnlyWhenConfigured() throws Exception {
        script.put("6.1.0-1-amd64", new ArrayDeque<>(List.of(Answer.TIMEOUT, Answer.BUILT)));
        run(true, 1, "6.1.0-1-amd64");
        assertEquals(CellOutcome.TIMEOUT, result("6.1.0-1-amd64").outcome());
        retryTimeouts = true;
        script.put("6.1.0-1-amd64", new ArrayDeque<>(List.of(Answer.TIMEOUT, Answer.BUILT)));
        RunSummary s = run(true, 1, "6.1.0-1-amd64");
        assertEquals(CellOutcome.BUILT, result("6.1.0-1-amd64").outcome(), "a TIMEOUT is not served from the cache");
        assertEquals(2, result("6.1.0-1-amd64").attempts());
        assertEquals(1, s.retries());
    }

    @Test
    void stopsStartingCellsAfterAFailureUnlessKeepGoing() throws Exception {
        script.put("6.1.0-1-amd64", new ArrayDeque<>(List.of(Answer.MAKE_FAILS)));
        RunSummary s = run(false, 1, "6.1.0-1-amd64", "6.1.0-2-amd64", "6.1.0-3-amd64");
        assertEquals(2, s.notRun());
        assertNull(s.cells().get(2).outcome());
        assertEquals(1, executions.get());
    }

    @Test
    void aCachedResultIsShownAgainAfterALaterBuildReplacedIt() throws Exception {
        run(true, 1, "6.1.0-1-amd64");
        Path ko = tree.root().resolve("hello/1.0/6.1.0-1-amd64/x86_64/module/hello.ko");
        assertTrue(Files.exists(ko));
        // Another source version of the same module fails on that kernel: DKMS must not see the old build.
        TestFiles.write(source.directory().resolve("hello.c"), "int y;\n");
        ModuleSource changed = source;
        source = new ModuleSource(changed.origin(), changed.directory(), "b".repeat(64));
        script.put("6.1.0-1-amd64", new ArrayDeque<>(List.of(Answer.MAKE_FAILS)));
        run(true, 1, "6.1.0-1-amd64");
        assertFalse(Files.exists(ko));
        source = changed;
        run(true, 1, "6.1.0-1-amd64");
        assertEquals(2, executions.get());
        assertTrue(Files.exists(ko), "the cache hit restored the DKMS folder");
        assertEquals(CellOutcome.BUILT, result("6.1.0-1-amd64").outcome());
    }
}
