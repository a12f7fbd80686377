package org.kmodfarm.core.farm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.CellOutcome;

/**
 * The farm's results tree: DKMS's own layout for BUILT cells ({@code NAME/VERSION/KERNEL/ARCH/module/} and
 * {@code log/make.log}, {@code NAME/VERSION/source} a link to the kept source), and kmodfarm's records under
 * {@code .kmodfarm/}: {@code cells/…/result.json} and {@code build.log} for every outcome, content-addressed
 * {@code objects/}, the cell cache index and the runs. Every file is written atomically; a folder of the DKMS
 * layout is replaced by a rename, so readers see the old cell or the new one. Callers serialise writers with
 * {@link org.kmodfarm.core.io.TreeLock}; cells of one run may be stored from several threads.
 */
public final class FarmTree {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final java.util.Set<CellOutcome> CACHED =
            java.util.EnumSet.of(CellOutcome.BUILT, CellOutcome.FAILED, CellOutcome.SKIPPED);

    private final Path root;

    public FarmTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** kmodfarm's own part of the tree. */
    public Path meta() {
        return root.resolve(".kmodfarm");
    }

    /** Where a cell's record lives. */
    public Path cellRecord(CellId cell) {
        return meta().resolve("cells").resolve(cell.path());
    }

    /** Where DKMS's tools look for a BUILT cell. */
    public Path dkmsCell(CellId cell) {
        return root.resolve(cell.path());
    }

    /** The artifact of {@code sha256}. */
    public Path object(String sha256) {
        return meta().resolve("objects/sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
    }

    /**
     * The record a run's row names by digest, when the tree still keeps it (rows written before records were kept
     * name none; {@code kmodfarm gc} removes the records of the runs it drops).
     */
    public Optional<CellResult> keptRecord(RunSummary.Cell row) throws IOException {
        if (row.record() == null || row.record().isEmpty() || !Files.isRegularFile(object(row.record()))) {
            return Optional.empty();
        }
        return Optional.of(readJson(object(row.record()), CellResult.class));
    }

    /**
     * The result stored for {@code cacheKey} by an earlier run, if every artifact it names is still there.
     */
    public Optional<CellResult> cached(String cacheKey) {
        Path entry = cacheEntry(cacheKey);
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try {
            CellResult r = JSON.readValue(entry.toFile(), CellResult.class);
            boolean complete = r.schema() == CellResult.SCHEMA && r.cacheKey().equals(cacheKey)
                    && objects(r).stream().allMatch(d -> Files.isRegularFile(object(d)));
            return complete ? Optional.of(r) : Optional.empty();
        } catch (IOException e) {
            // A cache entry that does not parse is no entry: the cell is built again and the entry replaced.
            return Optional.empty();
        }
    }

    /**
     * Stores one cell: artifacts first, then its DKMS folder (BUILT) or the removal of a stale one, then its
     * record, and last the cache entry, so an interrupted store is simply a cell to build again. Only outcomes
     * the inputs decide are cached: an ERROR or a TIMEOUT says more about the machine than about the module,
     * so the next run tries again.
     *
     * @param modules  module file name → bytes, for BUILT cells
     * @param makeLog  the (capped) make.log, possibly empty
     * @param buildLog the cell's output
     */
    public void store(CellResult result, Map<String, byte[]> modules, byte[] makeLog, byte[] buildLog)
            throws IOException {
        for (byte[] m : modules.values()) {
            putObject(m);
        }
        putObject(makeLog);
        putObject(buildLog);
        writeCell(result, modules, makeLog, buildLog);
        if (CACHED.contains(result.outcome())) {
            AtomicFiles.write(cacheEntry(result.cacheKey()), JSON.writeValueAsBytes(result));
        }
    }

    /**
     * Makes the tree show a cached result again when a later build of the same cell replaced it; does nothing
     * (no write at all) when the tree already shows it.
     */
    public void restore(CellResult result) throws IOException {
        // the run's summary names the record by digest: it must exist even when nothing else is written
        putObject(json(result));
        Path record = cellRecord(result.cell()).resolve("result.json");
        if (Files.isRegularFile(record) && JSON.readValue(record.toFile(), CellResult.class).cacheKey()
                .equals(result.cacheKey())
                && (result.outcome() != CellOutcome.BUILT || Files.isDirectory(dkmsCell(result.cell())))) {
            return;
        }
        Map<String, byte[]> modules = new java.util.TreeMap<>();
        for (ModuleInfo m : result.modules()) {
            modules.put(m.file(), Files.readAllBytes(object(m.sha256())));
        }
        writeCell(result, modules, readObject(result.makeLog()), readObject(result.buildLog()));
    }

    /**
     * Keeps the module source under {@code .kmodfarm/sources/HASH/} (content-addressed, never changed) and
     * points {@code NAME/VERSION/source} at it with a relative link, as DKMS requires.
     */
    public void linkSource(String module, String version, Path source, String treeHash) throws IOException {
        Path kept = meta().resolve("sources").resolve(treeHash);
        if (!Files.isDirectory(kept)) {
            Path tmp = meta().resolve("sources").resolve(".tmp-" + UUID.randomUUID());
            copyTree(source, tmp);
            try {
                Files.move(tmp, kept, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteTree(tmp);
                if (!Files.isDirectory(kept)) {
                    throw e;
                }
            }
        }
        Path versionDir = Files.createDirectories(root.resolve(module).resolve(version));
        Path link = versionDir.resolve("source");
        Path target = versionDir.relativize(kept);
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
            return;
        }
        Path tmp = versionDir.resolve(".source-" + UUID.randomUUID());
        Files.createSymbolicLink(tmp, target);
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Records the load test of a BUILT cell: {@code load.json} and {@code console.log} beside its record (and as
     * objects, which {@code load} names), then the record itself with {@code load} set, so a reader sees the old
     * record or the new one with every file it names in place.
     *
     * @param build the record the load test tested; when the cell was rebuilt meanwhile, nothing is written
     * @return whether the record was updated
     */
    public boolean storeLoad(CellResult build, CellLoad load, byte[] details, byte[] consoleLog) throws IOException {
        Path record = cellRecord(build.cell());
        Path resultFile = record.resolve("result.json");
        if (!Files.isRegularFile(resultFile)
                || !JSON.readValue(resultFile.toFile(), CellResult.class).cacheKey().equals(build.cacheKey())) {
            return false;
        }
        putObject(details);
        putObject(consoleLog);
        AtomicFiles.write(record.resolve("load.json"), details);
        AtomicFiles.write(record.resolve("console.log"), consoleLog);
        byte[] json = json(build.withLoad(load));
        putObject(json);
        AtomicFiles.write(resultFile, json);
        return true;
    }

    /** Writes a run's file (summary, metrics…) under {@code .kmodfarm/runs/RUN-ID/}. */
    public Path writeRunFile(String runId, String name, byte[] content) throws IOException {
        Path file = meta().resolve("runs").resolve(runId).resolve(name);
        AtomicFiles.write(file, content);
        return file;
    }

    /** The JSON form used for every record of the tree. */
    public static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("a record did not serialise", e);
        }
    }

    /** Reads a record written by {@link #json}. */
    public static <T> T readJson(Path file, Class<T> type) throws IOException {
        return JSON.readValue(file.toFile(), type);
    }

    private void writeCell(CellResult result, Map<String, byte[]> modules, byte[] makeLog, byte[] buildLog)
            throws IOException {
        if (result.outcome() == CellOutcome.BUILT) {
            replaceDkmsCell(result.cell(), modules, makeLog);
        } else {
            removeDkmsCell(result.cell());
        }
        Path record = cellRecord(result.cell());
        AtomicFiles.write(record.resolve("build.log"), buildLog);
        if (makeLog.length > 0) {
            AtomicFiles.write(record.resolve("make.log"), makeLog);
        } else {
            Files.deleteIfExists(record.resolve("make.log"));
        }
        byte[] json = json(result);
        putObject(json);
        AtomicFiles.write(record.resolve("result.json"), json);
    }

    /**
     * The digest under which a cell's record is kept in {@code objects/} by {@link #store} and {@link #restore},
     * so that a run's summary and reports keep pointing at the record of that run after later runs replace the
     * cell's {@code result.json}.
     */
    public static String recordDigest(CellResult result) {
        return Digests.sha256(json(result));
    }

    /** Builds the new folder beside the old one, then swaps them by renames. */
    private void replaceDkmsCell(CellId cell, Map<String, byte[]> modules, byte[] makeLog) throws IOException {
        Path target = dkmsCell(cell);
        Path kernelDir = Files.createDirectories(target.getParent());
        Path tmp = kernelDir.resolve(".tmp-" + cell.arch() + "-" + UUID.randomUUID());
        for (var m : modules.entrySet()) {
            AtomicFiles.write(tmp.resolve("module").resolve(m.getKey()), m.getValue());
        }
        AtomicFiles.write(tmp.resolve("log/make.log"), makeLog);
        Path old = null;
        if (Files.exists(target)) {
            old = kernelDir.resolve(".old-" + cell.arch() + "-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** A cell that no longer builds must not look built to DKMS's tools; its record keeps the history. */
    private void removeDkmsCell(CellId cell) throws IOException {
        Path target = dkmsCell(cell);
        if (Files.exists(target)) {
            Path old = target.resolveSibling(".old-" + cell.arch() + "-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        }
    }

    private Path cacheEntry(String cacheKey) {
        return meta().resolve("cache/cells").resolve(cacheKey + ".json");
    }

    private void putObject(byte[] content) throws IOException {
        Path target = object(Digests.sha256(content));
        if (!Files.isRegularFile(target)) {
            AtomicFiles.write(target, content);
        }
    }

    private byte[] readObject(String sha256) throws IOException {
        return sha256.isEmpty() ? new byte[0] : Files.readAllBytes(object(sha256));
    }

    private static List<String> objects(CellResult r) {
        List<String> all = new ArrayList<>();
        r.modules().forEach(m -> all.add(m.sha256()));
        if (!r.makeLog().isEmpty()) {
            all.add(r.makeLog());
        }
        all.add(r.buildLog());
        return all;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(dest, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
