package org.kmodfarm.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellLoad;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.LastGood;
import org.kmodfarm.core.farm.RunIndex;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.KernelRelease;

/**
 * Builds a {@link RunReport} from a results tree: the run's {@code summary.json}, its cells' records, and the
 * earlier runs under {@code .kmodfarm/runs/} for the comparison classes.
 *
 * <p>A cell's baseline is the newest earlier run (by start time, then run id) in which the same module version,
 * kernel and arch ended BUILT, FAILED or TIMEOUT; rows that say nothing about the build (SKIPPED, ERROR, not run)
 * are passed over. For a kernel with no such result, the baseline is the newest such result of its predecessor:
 * the highest lower kernel of the same distro, release and flavour (and arch) built by an earlier run.
 *
 * <p>Reads only; safe to use while a run writes the tree (every file there is replaced atomically). A loader
 * reads the tree's runs once, when first asked, and works on them from then on: one loader per command.
 */
public final class ReportLoader {
    /** Lines of log kept for a failed cell. */
    public static final int LOG_TAIL_LINES = 40;

    // FarmRun's row for a cell that never started: "SOURCE-FOLDER KERNEL (ARCH)".
    private static final Pattern NOT_RUN = Pattern.compile("^(\\S+) (\\S+) \\((\\S+)\\)$");

    private final FarmTree tree;
    private final Map<String, Optional<CellResult.Target>> targets = new HashMap<>();
    private List<RunSummary> runs;

    public ReportLoader(FarmTree tree) {
        this.tree = tree;
    }

    /** The run ids of the tree, oldest first. */
    public List<String> runIds() throws IOException {
        return runs().stream().map(RunSummary::runId).toList();
    }

    /** The newest run, if any. */
    public Optional<String> latest() throws IOException {
        List<String> ids = runIds();
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
    }

    /** The report of run {@code runId}, compared with the runs before it. */
    public RunReport load(String runId) throws IOException {
        return load(runId, Optional.empty());
    }

    /**
     * The report of run {@code runId}, compared with run {@code against} alone when given (any other run of the
     * tree, older or newer), else with the runs before it.
     */
    public RunReport load(String runId, Optional<String> against) throws IOException {
        return load(runId, against, true);
    }

    /**
     * The cells of run {@code runId} with their comparison classes, as {@link #load(String)} gives them but
     * without what only a report shows: failed cells' log tails and the last good builds.
     */
    RunReport compared(String runId) throws IOException {
        return load(runId, Optional.empty(), false);
    }

    private RunReport load(String runId, Optional<String> against, boolean full) throws IOException {
        RunSummary summary = summary(runId);
        List<RunSummary> earlier = new ArrayList<>();
        List<RunSummary> upTo = new ArrayList<>();
        for (RunSummary r : runs()) {
            if (RunIndex.ORDER.compare(r, summary) <= 0) {
                upTo.add(r);
            }
            if (against.isEmpty() && RunIndex.ORDER.compare(r, summary) < 0) {
                earlier.add(0, r);
            }
        }
        if (against.isPresent()) {
            earlier.add(summary(against.get()));
        }
        List<ReportCell> cells = new ArrayList<>();
        for (RunSummary.Cell row : summary.cells()) {
            cells.add(row.outcome() == null ? notRun(row) : cell(summary, row, earlier, full));
        }
        cells.sort(CELL_ORDER);
        Set<String> modules = new HashSet<>();
        cells.forEach(c -> modules.add(c.module()));
        List<LastGood> lastGood = full ? LastGood.of(tree, upTo).stream().filter(g -> modules.contains(g.module()))
                .toList() : List.of();
        return new RunReport(summary, cells, against.orElse(null), lastGood);
    }

    private RunSummary summary(String runId) throws IOException {
        Path file = runsDir().resolve(runId).resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such run in " + tree.root());
        }
        return FarmTree.readJson(file, RunSummary.class);
    }

    private ReportCell cell(RunSummary run, RunSummary.Cell row, List<RunSummary> newestFirst, boolean full)
            throws IOException {
        CellId id = cellId(row.cell());
        Path recordFile = tree.cellRecord(id).resolve("result.json");
        CellResult result = null;
        RecordSource source = Files.isRegularFile(recordFile) ? RecordSource.REPLACED : RecordSource.MISSING;
        Optional<CellResult> keptRecord = tree.keptRecord(row);
        boolean kept = keptRecord.isPresent();
        if (kept) {
            result = keptRecord.get();
            source = RecordSource.RUN_RECORD;
        } else if (source == RecordSource.REPLACED) {
            CellResult r = FarmTree.readJson(recordFile, CellResult.class);
            if (belongs(r, run, row)) {
                result = r;
                source = RecordSource.CELL_RECORD;
            }
        }
        if (result == null && !kept) {
            Optional<CellResult> cached = tree.cached(row.cacheKey()).filter(r -> belongs(r, run, row));
            if (cached.isPresent()) {
                result = cached.get();
                source = RecordSource.CACHE_ENTRY;
            }
        }
        Baseline baseline = Comparison.decisive(row.outcome()) ? baseline(id, newestFirst).orElse(null) : null;
        Comparison comparison = Comparison.classify(row.outcome(), baseline == null ? null : baseline.outcome())
                .orElse(null);
        List<String> tail = full && result != null && row.outcome() != CellOutcome.BUILT
                && row.outcome() != CellOutcome.SKIPPED ? logTail(result) : List.of();
        String record = kept ? row.record() : result == null ? null : keptDigest(result);
        return new ReportCell(id.module(), id.version(), id.kernel(), id.arch(), row, result, source, record,
                comparison, baseline, tail, load(id, result));
    }

    /**
     * The load test of the record's modules: named by the record itself, else by the cell's current record when
     * that is the same build (a load test run after the build updates only the cell's current record).
     */
    private CellLoad load(CellId id, CellResult result) throws IOException {
        if (result == null || result.load() != null) {
            return result == null ? null : result.load();
        }
        Path current = tree.cellRecord(id).resolve("result.json");
        if (!Files.isRegularFile(current)) {
            return null;
        }
        CellResult r = FarmTree.readJson(current, CellResult.class);
        return r.cacheKey().equals(result.cacheKey()) ? r.load() : null;
    }

    /** The digest of a record found elsewhere, when the tree also keeps it as an object. */
    private String keptDigest(CellResult result) {
        String digest = FarmTree.recordDigest(result);
        return Files.isRegularFile(tree.object(digest)) ? digest : null;
    }

    /**
     * A record is the run's when it has the row's inputs and outcome, and this run made it or took it from the
     * cache (a cached cell keeps the record of the run that built it).
     */
    private static boolean belongs(CellResult r, RunSummary run, RunSummary.Cell row) {
        return r.cacheKey().equals(row.cacheKey()) && r.outcome() == row.outcome()
                && (row.cached() || run.runId().equals(r.runId()));
    }

    private Optional<Baseline> baseline(CellId id, List<RunSummary> newestFirst) throws IOException {
        Optional<Baseline> same = newestDecisive(id.path(), newestFirst);
        if (same.isPresent()) {
            return same;
        }
        Optional<CellResult.Target> family = target(id);
        KernelRelease kernel = release(id.kernel());
        if (family.isEmpty() || kernel == null) {
            return Optional.empty();
        }
        CellId best = null;
        KernelRelease bestKernel = null;
        for (RunSummary run : newestFirst) {
            for (RunSummary.Cell row : run.cells()) {
                if (!Comparison.decisive(row.outcome())) {
                    continue;
                }
                CellId other = cellId(row.cell());
                KernelRelease k = release(other.kernel());
                if (k == null || !other.module().equals(id.module()) || !other.version().equals(id.version())
                        || !other.arch().equals(id.arch()) || k.compareTo(kernel) >= 0
                        || (bestKernel != null && k.compareTo(bestKernel) <= 0)
                        || !sameFamily(family.get(), target(other))) {
                    continue;
                }
                best = other;
                bestKernel = k;
            }
        }
        return best == null ? Optional.empty() : newestDecisive(best.path(), newestFirst);
    }

    private static Optional<Baseline> newestDecisive(String cellPath, List<RunSummary> newestFirst) {
        for (RunSummary run : newestFirst) {
            for (RunSummary.Cell row : run.cells()) {
                if (Comparison.decisive(row.outcome()) && row.cell().equals(cellPath)) {
                    return Optional.of(new Baseline(run.runId(), cellId(cellPath).kernel(), row.outcome()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean sameFamily(CellResult.Target a, Optional<CellResult.Target> other) {
        return other.isPresent() && a.distro().equals(other.get().distro())
                && a.release().equals(other.get().release()) && a.flavour().equals(other.get().flavour());
    }

    /**
     * The kernel's place in the matrix, from the cell's current record whichever run wrote it: distro, release
     * and flavour belong to the kernel, not to a build.
     */
    private Optional<CellResult.Target> target(CellId id) throws IOException {
        Optional<CellResult.Target> known = targets.get(id.path());
        if (known == null) {
            Path file = tree.cellRecord(id).resolve("result.json");
            known = Files.isRegularFile(file)
                    ? Optional.ofNullable(FarmTree.readJson(file, CellResult.class).target())
                    .filter(t -> t.distro() != null && t.release() != null && t.flavour() != null)
                    : Optional.empty();
            targets.put(id.path(), known);
        }
        return known;
    }

    private List<String> logTail(CellResult r) throws IOException {
        String digest = r.makeLog() != null && !r.makeLog().isEmpty() ? r.makeLog() : r.buildLog();
        if (digest == null || digest.isEmpty() || !Files.isRegularFile(tree.object(digest))) {
            return List.of();
        }
        List<String> lines = new String(Files.readAllBytes(tree.object(digest)), StandardCharsets.UTF_8).lines()
                .toList();
        return lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
    }

    private static ReportCell notRun(RunSummary.Cell row) {
        Matcher m = NOT_RUN.matcher(row.cell());
        String module = m.matches() ? m.group(1) : row.cell();
        return new ReportCell(module, "", m.matches() ? m.group(2) : "", m.matches() ? m.group(3) : "", row, null,
                RecordSource.NOT_RUN, null, null, null, List.of(), null);
    }

    private static CellId cellId(String path) {
        String[] p = path.split("/", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("not a cell path NAME/VERSION/KERNEL/ARCH: '" + path + "'");
        }
        return new CellId(p[0], p[1], p[2], p[3]);
    }

    private static KernelRelease release(String kernel) {
        try {
            return KernelRelease.parse(kernel);
        } catch (IllegalArgumentException e) {
            // not a uname -r form: such a kernel has no predecessor
            return null;
        }
    }

    private List<RunSummary> runs() throws IOException {
        if (runs == null) {
            runs = new RunIndex(tree).runs();
        }
        return runs;
    }

    private Path runsDir() {
        return tree.meta().resolve("runs");
    }

    static final Comparator<String> KERNEL_ORDER = (a, b) -> {
        KernelRelease ka = release(a);
        KernelRelease kb = release(b);
        int c = ka != null && kb != null ? ka.compareTo(kb) : 0;
        return c != 0 ? c : a.compareTo(b);
    };

    static final Comparator<ReportCell> CELL_ORDER = Comparator
            .comparing((ReportCell c) -> c.source() == RecordSource.NOT_RUN)
            .thenComparing(ReportCell::module)
            .thenComparing(ReportCell::version)
            .thenComparing(ReportCell::kernel, KERNEL_ORDER)
            .thenComparing(ReportCell::arch)
            .thenComparing(c -> c.row().cell());
}
