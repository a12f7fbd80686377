package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.RunIndex;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.KernelRelease;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;

/**
 * The records of one module version in the tree ({@code .kmodfarm/cells/NAME/VERSION/KERNEL/ARCH/result.json}),
 * read once. Immutable.
 */
public final class ModuleBuilds {
    private final FarmTree tree;
    private final ModuleVersion module;
    private final List<CellResult> records;

    private ModuleBuilds(FarmTree tree, ModuleVersion module, List<CellResult> records) {
        this.tree = tree;
        this.module = module;
        this.records = records;
    }

    /**
     * Reads every record of {@code module}.
     *
     * @throws BadInputException when the tree holds neither records nor a source of it
     */
    public static ModuleBuilds load(FarmTree tree, ModuleVersion module) throws IOException {
        Path dir = recordsDir(tree, module);
        List<CellResult> records = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("result.json"))) {
                for (Path f : files.sorted().toList()) {
                    records.add(FarmTree.readJson(f, CellResult.class));
                }
            }
        }
        if (records.isEmpty() && !Files.isDirectory(tree.root().resolve(module.name()).resolve(module.version())
                .resolve("source"))) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(dir), "the tree holds no module "
                    + module + known(tree), "build it first (kmodfarm build SOURCE), or give --tree"));
        }
        records.sort(Comparator.comparing((CellResult r) -> KernelRelease.parse(r.cell().kernel()))
                .thenComparing(r -> r.cell().arch()));
        return new ModuleBuilds(tree, module, List.copyOf(records));
    }

    public FarmTree tree() {
        return tree;
    }

    public ModuleVersion module() {
        return module;
    }

    /** Where the records live; problems about them point here. */
    public Path recordsDir() {
        return recordsDir(tree, module);
    }

    /** The BUILT cells, ordered by kernel (Debian's version order), then arch. */
    public List<CellResult> built() {
        return records.stream().filter(r -> r.outcome() == CellOutcome.BUILT).toList();
    }

    /**
     * The BUILT cells of the given kernels (every arch built for each).
     *
     * @param where what the kernels came from (a matrix file, or the records for {@code -k}); problems point there
     * @throws BadInputException naming every kernel without a BUILT cell, with its outcome if it has one
     */
    public List<CellResult> builtFor(List<String> kernels, SourceLocation where) {
        Map<String, String> outcomes = new TreeMap<>();
        records.forEach(r -> outcomes.merge(r.cell().kernel(), r.outcome().name(),
                (a, b) -> a.equals("BUILT") ? a : b));
        Set<String> builtKernels = new TreeSet<>();
        built().forEach(r -> builtKernels.add(r.cell().kernel()));
        List<Problem> problems = new ArrayList<>();
        for (String k : new TreeSet<>(kernels)) {
            if (!builtKernels.contains(k)) {
                String state = outcomes.containsKey(k) ? "its last build is " + outcomes.get(k) : "it was never built";
                problems.add(new Problem(where, module + " is not built for kernel " + k + " (" + state + ")",
                        "build it: kmodfarm build " + module + " -k " + k + (builtKernels.isEmpty() ? ""
                                : "; or pick a built kernel: " + String.join(", ", builtKernels))));
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return built().stream().filter(r -> kernels.contains(r.cell().kernel())).toList();
    }

    /**
     * The BUILT cells of the given kernels (every kernel with a record when empty), where a kernel whose newest
     * build is not BUILT is taken from its last good build: the newest BUILT record of the same cell that a kept
     * run names (its modules are kept objects; {@code kmodfarm gc} keeps the runs of last good builds).
     *
     * @param notices told of every fallback: which kernel, its newest outcome, the run whose build is packaged
     * @throws BadInputException naming every kernel never built, or without any good build a kept run names
     */
    public List<CellResult> builtOrLastGood(Optional<List<String>> kernels, SourceLocation where,
                                            Consumer<String> notices) throws IOException {
        Set<String> wanted = new TreeSet<>(kernels.orElseGet(() -> records.stream().map(r -> r.cell().kernel())
                .toList()));
        Set<String> known = new TreeSet<>();
        records.forEach(r -> known.add(r.cell().kernel()));
        List<Problem> problems = new ArrayList<>();
        wanted.stream().filter(k -> !known.contains(k)).forEach(k -> problems.add(new Problem(where, module
                + " is not built for kernel " + k + " (it was never built)", "build it: kmodfarm build " + module
                + " -k " + k)));
        List<RunSummary> newestFirst = null; // read only when a kernel needs its last good build
        List<CellResult> chosen = new ArrayList<>();
        for (CellResult r : records) {
            if (!wanted.contains(r.cell().kernel())) {
                continue;
            }
            if (r.outcome() == CellOutcome.BUILT) {
                chosen.add(r);
                continue;
            }
            if (newestFirst == null) {
                newestFirst = new ArrayList<>(new RunIndex(tree).runs());
                Collections.reverse(newestFirst);
            }
            Optional<RunRecord> good = lastGood(r.cell(), newestFirst);
            if (good.isEmpty()) {
                problems.add(new Problem(where, module + " has no good build for kernel " + r.cell().kernel() + " ("
                        + r.cell().arch() + "): its newest build is " + r.outcome() + " and no kept run built it",
                        "fix the build (kmodfarm build " + module + " -k " + r.cell().kernel() + "), or leave the "
                                + "kernel out"));
                continue;
            }
            notices.accept(module + " " + r.cell().kernel() + " (" + r.cell().arch() + "): its newest build is "
                    + r.outcome() + "; packaging its last good build, run " + good.get().runId() + " (finished "
                    + good.get().record().finishedAt() + ")");
            chosen.add(good.get().record());
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return List.copyOf(chosen);
    }

    /** A cell's record as a run kept it. */
    private record RunRecord(String runId, CellResult record) {
    }

    private Optional<RunRecord> lastGood(CellId cell, List<RunSummary> newestFirst) throws IOException {
        for (RunSummary run : newestFirst) {
            for (RunSummary.Cell row : run.cells()) {
                if (row.outcome() == CellOutcome.BUILT && cell.path().equals(row.cell())) {
                    Optional<CellResult> kept = tree.keptRecord(row);
                    if (kept.isPresent()) {
                        return Optional.of(new RunRecord(run.runId(), kept.get()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** True for the cell's newest record (its modules are in the DKMS layout), false for one a run kept. */
    boolean isNewest(CellResult cell) {
        return records.contains(cell);
    }

    private static Path recordsDir(FarmTree tree, ModuleVersion module) {
        return tree.meta().resolve("cells").resolve(module.name()).resolve(module.version());
    }

    private static String known(FarmTree tree) {
        Path cells = tree.meta().resolve("cells");
        if (!Files.isDirectory(cells)) {
            return "";
        }
        List<String> versions = new ArrayList<>();
        try (Stream<Path> dirs = Files.find(cells, 2,
                (p, a) -> a.isDirectory() && cells.relativize(p).getNameCount() == 2)) {
            dirs.sorted().forEach(p -> versions.add(cells.relativize(p).toString()));
        } catch (IOException e) {
            return "";
        }
        return versions.isEmpty() ? "" : " (it holds " + String.join(", ", versions) + ")";
    }
}
