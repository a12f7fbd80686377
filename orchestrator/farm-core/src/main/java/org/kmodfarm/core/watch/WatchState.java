package org.kmodfarm.core.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.KernelTarget;

/**
 * What {@code watch} remembers of one matrix between runs, in {@code .kmodfarm/watch/MATRIX-HASH.json}: every
 * kernel the matrix has offered, and the last watch. A loop that restarts, or a cron job, picks up from here.
 *
 * @param matrix the matrix file, as given the first time
 */
public record WatchState(int schema, String matrix, List<KnownKernel> kernels, String lastWatch, String lastRun) {
    public static final int SCHEMA = 1;

    public WatchState {
        kernels = List.copyOf(kernels);
    }

    /** The state file of {@code matrix} in {@code tree}. */
    public static Path file(FarmTree tree, Path matrix) {
        String name = matrix.getFileName().toString().replaceAll("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        String hash = Digests.sha256(matrix.toAbsolutePath().normalize().toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12);
        return tree.meta().resolve("watch").resolve(name + "-" + hash + ".json");
    }

    /** The state of {@code matrix}, empty (nothing known) before its first watch. */
    public static WatchState read(FarmTree tree, Path matrix) throws IOException {
        Path file = file(tree, matrix);
        return Files.isRegularFile(file) ? FarmTree.readJson(file, WatchState.class)
                : new WatchState(SCHEMA, matrix.toString(), List.of(), null, null);
    }

    /** Every watch state of the tree (all matrices). */
    public static List<WatchState> all(FarmTree tree) throws IOException {
        Path dir = tree.meta().resolve("watch");
        List<WatchState> all = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    all.add(FarmTree.readJson(f, WatchState.class));
                }
            }
        }
        return all;
    }

    /** Replaces the state file atomically. */
    public void write(FarmTree tree, Path matrixFile) throws IOException {
        AtomicFiles.write(file(tree, matrixFile), FarmTree.json(this));
    }

    /** How the repository's kernels differ from what this state knows. */
    public KernelChanges compare(List<KernelTarget> current) {
        Map<String, KnownKernel> known = byKey();
        List<KernelTarget> appeared = new ArrayList<>();
        Set<String> now = new LinkedHashSet<>();
        for (KernelTarget t : current) {
            now.add(KnownKernel.key(t));
            KnownKernel k = known.get(KnownKernel.key(t));
            if (k == null || k.gone()) {
                appeared.add(t);
            }
        }
        List<KnownKernel> gone = kernels.stream().filter(k -> !k.gone() && !now.contains(k.key())).toList();
        return new KernelChanges(current, appeared, gone);
    }

    /** The state after a watch at {@code now} that saw {@code changes}; {@code runId} null when nothing ran. */
    public WatchState next(KernelChanges changes, String now, String runId) {
        Map<String, KnownKernel> known = byKey();
        Set<String> current = new LinkedHashSet<>();
        for (KernelTarget t : changes.current()) {
            String key = KnownKernel.key(t);
            current.add(key);
            KnownKernel k = known.get(key);
            known.put(key, k == null ? KnownKernel.of(t, now)
                    : new KnownKernel(k.kernel(), k.arch(), t.distro(), t.release(), t.flavour(), k.firstSeen(), now,
                            null));
        }
        for (var e : known.entrySet()) {
            KnownKernel k = e.getValue();
            if (!current.contains(e.getKey()) && !k.gone()) {
                e.setValue(new KnownKernel(k.kernel(), k.arch(), k.distro(), k.release(), k.flavour(), k.firstSeen(),
                        k.lastSeen(), now));
            }
        }
        List<KnownKernel> sorted = new ArrayList<>(known.values());
        sorted.sort(Comparator.comparing(KnownKernel::key));
        return new WatchState(SCHEMA, matrix, sorted, now, runId == null ? lastRun : runId);
    }

    private Map<String, KnownKernel> byKey() {
        Map<String, KnownKernel> map = new HashMap<>();
        kernels.forEach(k -> map.put(k.key(), k));
        return map;
    }
}
