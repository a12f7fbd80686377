package org.kmodfarm.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.LoadVerdict;

/**
 * Load-tests one cell: its modules and the shipped modules they need, in dependency order, in an initramfs
 * booted with the cell's own kernel; the console judged by {@link LoadClassifier}. Thread-safe: each call
 * boots its own machine.
 */
public final class LoadTester {
    private final FarmTree tree;
    private final KitSource kits;
    private final KernelImages images;
    private final VmRunner runner;
    private final LoadSettings settings;
    private final Clock clock;

    public LoadTester(FarmTree tree, KitSource kits, KernelImages images, VmRunner runner, LoadSettings settings,
                      Clock clock) {
        this.tree = tree;
        this.kits = kits;
        this.images = images;
        this.runner = runner;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one load test produced: its report and its console log (empty when no machine ran). */
    public record Result(LoadReport report, byte[] console) {
    }

    /**
     * Tests {@code cell}; an unavailable kernel or a machine that does not boot gives NOT_TESTED, never an
     * exception.
     *
     * @throws InterruptedException when interrupted; the machine is killed first
     */
    public Result test(LoadCell cell, String runId) throws InterruptedException {
        long start = System.nanoTime();
        if (!cell.build().cell().arch().equals("x86_64")) {
            return notTested(cell, runId, "no emulator for " + cell.build().cell().arch() + " (x86_64 only)", false,
                    "");
        }
        KernelKit kit = kits.get(cell.target());
        if (!kit.complete()) {
            return notTested(cell, runId, kit.missing(), kit.infrastructure(), "");
        }
        KernelImage image = kit.image();
        String imagePackage = image.pkg().name() + " " + image.pkg().version();
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, List<String>> depends = new HashMap<>();
        Map<String, Boolean> shipped = new HashMap<>();
        Map<String, String> fileOf = new HashMap<>();
        List<String> missing = new ArrayList<>();
        try {
            for (ModuleInfo m : cell.build().modules()) {
                if (!ModuleNames.isModule(m.file())) {
                    continue;
                }
                String name = m.name().isEmpty() ? ModuleNames.of(m.file()) : m.name().replace('-', '_');
                String file = name + ".ko";
                files.put(file, KernelImages.uncompressed(m.file(), Files.readAllBytes(tree.object(m.sha256()))));
                depends.put(name, m.depends().stream().map(ModuleNames::of).toList());
                shipped.put(name, false);
                fileOf.put(name, file);
            }
            addShippedDependencies(image, files, depends, shipped, fileOf, missing);
        } catch (IOException | IllegalArgumentException | InfraException e) {
            // a module the farm stored, or one the kernel package ships, that cannot be read: not the module's fault
            return notTested(cell, runId, "cannot prepare the modules: " + e.getMessage(), true, imagePackage);
        }
        List<LoadStep> steps = LoadOrder.of(depends).stream()
                .map(n -> new LoadStep(n, fileOf.get(n), shipped.get(n))).toList();
        byte[] initramfs = Initramfs.build(kit.busybox(), steps, files);
        long prepareMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        VmRun run;
        try {
            run = runner.boot(new VmSpec(image.vmlinuz(), initramfs, VmSpec.CMDLINE, settings.memoryMb(),
                    settings.timeout(), settings.accel()));
        } catch (IOException e) {
            return notTested(cell, runId, "the virtual machine did not start: " + e.getMessage(), true, imagePackage);
        }
        ConsoleFacts facts = ConsoleParser.parse(run.console());
        LoadOutcome outcome = LoadClassifier.classify(facts, run, depends);
        byte[] console = run.console().getBytes(StandardCharsets.ISO_8859_1);
        List<LoadReport.Module> modules = modules(steps, facts);
        List<String> alarms = facts.kernelLog().stream().filter(LoadClassifier::alarming).map(String::strip)
                .toList();
        LoadReport report = new LoadReport(LoadReport.SCHEMA, cell.build().cell(), cell.build().cacheKey(),
                outcome.verdict(), outcome.reason(), outcome.infrastructure(), settings.accel().qemuName(),
                facts.kernel(), imagePackage, image.enabled("CONFIG_MODULE_DECOMPRESS"), modules, missing,
                facts.taintBefore(), facts.taintAfter(), TaintFlags.letters(facts.taintAfter()), alarms,
                run.timedOut(), prepareMs, run.durationMs(), Digests.sha256(console), runId,
                clock.instant().toString());
        return new Result(report, console);
    }

    /**
     * Adds, level by level, the modules of the kernel package the modules so far depend on; names built into
     * the kernel need nothing, names nowhere to be found go to {@code missing}.
     */
    private void addShippedDependencies(KernelImage image, Map<String, byte[]> files,
            Map<String, List<String>> depends, Map<String, Boolean> shipped, Map<String, String> fileOf,
            List<String> missing) {
        Set<String> seen = new HashSet<>(depends.keySet());
        Set<String> wanted = new TreeSet<>();
        depends.values().forEach(wanted::addAll);
        while (true) {
            Map<String, String> level = new LinkedHashMap<>();
            for (String name : wanted) {
                if (!seen.add(name) || image.builtin().contains(name)) {
                    continue;
                }
                String path = image.modules().get(name);
                if (path == null) {
                    missing.add(name);
                } else {
                    level.put(path, name);
                }
            }
            if (level.isEmpty()) {
                return;
            }
            wanted = new TreeSet<>();
            for (var f : images.moduleFiles(image, level.keySet()).entrySet()) {
                String name = level.get(f.getKey());
                ElfModinfo info = ElfModinfo.read(f.getValue());
                String file = name + ".ko";
                files.put(file, f.getValue());
                depends.put(name, info.depends().stream().map(ModuleNames::of).toList());
                shipped.put(name, true);
                fileOf.put(name, file);
                wanted.addAll(depends.get(name));
            }
        }
    }

    private static List<LoadReport.Module> modules(List<LoadStep> steps, ConsoleFacts facts) {
        List<LoadReport.Module> out = new ArrayList<>();
        for (LoadStep s : steps) {
            var insmod = facts.insmods().stream().filter(c -> c.module().equals(s.name())).findFirst();
            var rmmod = facts.rmmods().stream().filter(c -> c.module().equals(s.name())).findFirst();
            out.add(new LoadReport.Module(s.name(), s.file(), s.shipped(), insmod.map(c -> c.status()).orElse(-1),
                    insmod.map(c -> c.message()).orElse(""), rmmod.map(c -> c.status()).orElse(null),
                    rmmod.map(c -> c.message()).orElse("")));
        }
        return out;
    }

    private Result notTested(LoadCell cell, String runId, String why, boolean infrastructure, String imagePackage) {
        LoadReport report = new LoadReport(LoadReport.SCHEMA, cell.build().cell(), cell.build().cacheKey(),
                LoadVerdict.NOT_TESTED, why, infrastructure, "", "", imagePackage, false, List.of(), List.of(), -1, -1,
                "", List.of(), false, 0, 0, "", runId, clock.instant().toString());
        return new Result(report, new byte[0]);
    }
}
