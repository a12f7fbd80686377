package org.kmodfarm.core.gc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.LastGood;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.core.farm.RunIndex;
import org.kmodfarm.core.farm.RunSummary;

/**
 * Retention for a results tree: keeps the newest runs and every run holding a last good build, trims the cell
 * cache and the unpacked archives to their size, then removes the artifacts and kept sources that nothing left
 * names. The DKMS layout and the cells' current records are never touched. The caller holds the tree's writer
 * lock: nothing else may write meanwhile.
 */
public final class TreeGc {
    private final FarmTree tree;

    public TreeGc(FarmTree tree) {
        this.tree = tree;
    }

    /** Collects by {@code policy}; with {@code dryRun}, only says what it would remove. */
    public GcResult collect(GcPolicy policy, boolean dryRun) throws IOException {
        long[] bytes = {0};
        RunIndex index = new RunIndex(tree);
        List<RunSummary> runs = index.runs();
        Set<String> lastGoodRuns = new HashSet<>();
        LastGood.of(tree, runs).forEach(g -> lastGoodRuns.add(g.runId()));
        List<String> removedRuns = new ArrayList<>();
        List<RunSummary> kept = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunSummary run = runs.get(i);
            if (i >= runs.size() - policy.keepRuns() || lastGoodRuns.contains(run.runId())) {
                kept.add(run);
            } else {
                removedRuns.add(run.runId());
                bytes[0] += remove(index.dir(run.runId()), dryRun);
            }
        }
        int cacheEntries = trimCache(policy.cacheMaxBytes(), dryRun, bytes);

        Set<String> liveObjects = new HashSet<>();
        Set<String> liveSources = new HashSet<>();
        for (RunSummary run : kept) {
            for (RunSummary.Cell row : run.cells()) {
                Optional<CellResult> record = tree.keptRecord(row);
                if (record.isPresent()) {
                    liveObjects.add(row.record());
                    live(record.get(), liveObjects, liveSources);
                }
            }
        }
        for (Path record : files(tree.meta().resolve("cells"), "result.json")) {
            live(FarmTree.readJson(record, CellResult.class), liveObjects, liveSources);
        }
        for (Path entry : files(tree.meta().resolve("cache/cells"), ".json")) {
            live(FarmTree.readJson(entry, CellResult.class), liveObjects, liveSources);
        }
        liveSources.addAll(linkedSources());

        int objects = 0;
        Path objectRoot = tree.meta().resolve("objects/sha256");
        for (Path object : files(objectRoot, "")) {
            String digest = object.getParent().getFileName().toString() + object.getFileName();
            if (!liveObjects.contains(digest)) {
                objects++;
                bytes[0] += remove(object, dryRun);
            }
        }
        int sources = 0;
        Path sourceRoot = tree.meta().resolve("sources");
        if (Files.isDirectory(sourceRoot)) {
            try (Stream<Path> list = Files.list(sourceRoot)) {
                for (Path source : list.sorted().toList()) {
                    if (!liveSources.contains(source.getFileName().toString())) {
                        sources++;
                        bytes[0] += remove(source, dryRun);
                    }
                }
            }
        }
        return new GcResult(removedRuns, objects, sources, cacheEntries, bytes[0]);
    }

    private static void live(CellResult r, Set<String> objects, Set<String> sources) {
        r.modules().stream().map(ModuleInfo::sha256).forEach(objects::add);
        if (r.makeLog() != null && !r.makeLog().isEmpty()) {
            objects.add(r.makeLog());
        }
        if (r.buildLog() != null && !r.buildLog().isEmpty()) {
            objects.add(r.buildLog());
        }
        if (r.sourceHash() != null) {
            sources.add(r.sourceHash());
        }
    }

    /** The kept sources the DKMS layout's {@code NAME/VERSION/source} links point at. */
    private Set<String> linkedSources() throws IOException {
        Set<String> linked = new HashSet<>();
        if (!Files.isDirectory(tree.root())) {
            return linked;
        }
        try (Stream<Path> walk = Files.walk(tree.root(), 3)) {
            for (Path p : walk.filter(p -> p.getFileName().toString().equals("source") && Files.isSymbolicLink(p))
                    .toList()) {
                linked.add(Files.readSymbolicLink(p).getFileName().toString());
            }
        }
        return linked;
    }

    /** Oldest first, cell cache entries and unpacked archives go until what is left fits in {@code max}. */
    private int trimCache(long max, boolean dryRun, long[] bytes) throws IOException {
        record Entry(Path path, long size, FileTime modified) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Path dir : List.of(tree.meta().resolve("cache/cells"), tree.meta().resolve("cache/extracted"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    for (Path p : list.toList()) {
                        entries.add(new Entry(p, size(p), Files.getLastModifiedTime(p)));
                    }
                }
            }
        }
        long total = entries.stream().mapToLong(Entry::size).sum();
        entries.sort(Comparator.comparing(Entry::modified).thenComparing(e -> e.path().toString()));
        int removed = 0;
        for (Entry e : entries) {
            if (total <= max) {
                break;
            }
            total -= e.size();
            bytes[0] += remove(e.path(), dryRun);
            removed++;
        }
        return removed;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
        }
    }

    private static long size(Path p) throws IOException {
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Files.size(p);
        }
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /** Removes a file or folder (links not followed); returns the bytes it held. */
    private static long remove(Path p, boolean dryRun) throws IOException {
        long size = size(p);
        if (!dryRun) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        return size;
    }
}
