package org.kmodfarm.core.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.KernelTarget;

/**
 * What a watch builds: the module versions kept in the tree (or those asked for) on every kernel where one of
 * them has no settled cell yet. A cell is settled once it BUILT, FAILED or was SKIPPED; ERROR and TIMEOUT say
 * more about the machine than the module, so the next watch tries them again.
 */
public final class WatchPlan {
    private WatchPlan() {
    }

    /**
     * The module versions in the tree ({@code NAME/VERSION} folders with a kept {@code source}), sorted; with
     * {@code only} non-empty, those whose {@code NAME} or {@code NAME/VERSION} it lists.
     */
    public static List<String> modules(FarmTree tree, List<String> only) throws IOException {
        List<String> all = new ArrayList<>();
        if (!Files.isDirectory(tree.root())) {
            return all;
        }
        try (Stream<Path> names = Files.list(tree.root())) {
            for (Path name : names.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                if (!Files.isDirectory(name)) {
                    continue;
                }
                try (Stream<Path> versions = Files.list(name)) {
                    versions.filter(v -> Files.isDirectory(v.resolve("source"))).sorted()
                            .map(v -> name.getFileName() + "/" + v.getFileName())
                            .forEach(all::add);
                }
            }
        }
        return select(all, only);
    }

    /** Those of {@code modules} whose {@code NAME} or {@code NAME/VERSION} {@code only} lists; all when it is empty. */
    public static List<String> select(List<String> modules, List<String> only) {
        return modules.stream().filter(mv -> only.isEmpty() || only.contains(mv)
                || only.contains(mv.substring(0, mv.indexOf('/')))).toList();
    }

    /** The kernels of {@code current} on which one of {@code modules} has no settled cell, in matrix order. */
    public static List<KernelTarget> kernelsToBuild(FarmTree tree, List<String> modules, List<KernelTarget> current)
            throws IOException {
        List<KernelTarget> needed = new ArrayList<>();
        for (KernelTarget t : current) {
            for (String mv : modules) {
                String[] nv = mv.split("/", 2);
                if (!settled(tree, new CellId(nv[0], nv[1], t.kernel().value(), t.arch().kernel()))) {
                    needed.add(t);
                    break;
                }
            }
        }
        return needed;
    }

    private static boolean settled(FarmTree tree, CellId cell) throws IOException {
        Path record = tree.cellRecord(cell).resolve("result.json");
        if (!Files.isRegularFile(record)) {
            return false;
        }
        CellOutcome o = FarmTree.readJson(record, CellResult.class).outcome();
        return o == CellOutcome.BUILT || o == CellOutcome.FAILED || o == CellOutcome.SKIPPED;
    }
}
