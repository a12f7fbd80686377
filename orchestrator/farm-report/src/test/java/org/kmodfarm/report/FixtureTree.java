package org.kmodfarm.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.CellTimings;
import org.kmodfarm.core.farm.CompilerCacheStats;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.FirstError;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.model.CellOutcome;

/** Writes runs into a real {@link FarmTree} the way FarmRun does: cell records (and cache entries), then the summary. */
final class FixtureTree {
    static final CellResult.Target BOOKWORM = new CellResult.Target("debian", "bookworm", "bookworm-security",
            "amd64", "debian");
    static final CellResult.Target TRIXIE = new CellResult.Target("debian", "trixie", "trixie", "amd64", "debian");

    final FarmTree tree;
    /** False: summaries as written before rows named their record's digest. */
    private final boolean recordDigests;

    FixtureTree(Path root) {
        this(root, true);
    }

    FixtureTree(Path root, boolean recordDigests) {
        this.tree = new FarmTree(root);
        this.recordDigests = recordDigests;
    }

    /** One run under construction. */
    final class Run {
        private final String runId;
        private final String startedAt;
        private final List<RunSummary.Cell> rows = new ArrayList<>();
        private final Map<CellOutcome, Integer> counts = new EnumMap<>(CellOutcome.class);
        private int notRun;

        Run(String runId, String startedAt) {
            this.runId = runId;
            this.startedAt = startedAt;
        }

        /** A cell built (and stored) by this run. */
        Run built(String version, String kernel, CellResult.Target target, CellOutcome outcome, String key,
                  String makeLog) throws IOException {
            CellId id = new CellId("hello", version, kernel, "x86_64");
            byte[] make = makeLog.getBytes(StandardCharsets.UTF_8);
            byte[] build = ("build of " + id + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] ko = ("ko " + key).getBytes(StandardCharsets.UTF_8);
            List<ModuleInfo> modules = outcome == CellOutcome.BUILT
                    ? List.of(ModuleInfo.parse("hello.ko", ko, "name: hello\nvermagic: " + kernel + " SMP\n"))
                    : List.of();
            FirstError first = outcome == CellOutcome.FAILED ? new FirstError("hello.c", 12, "'x' undeclared")
                    : null;
            String reason = switch (outcome) {
                case BUILT -> "built";
                case FAILED -> "make failed | exit 2";
                case ERROR -> "engine unreachable";
                case TIMEOUT -> "time limit";
                case SKIPPED -> "BUILD_EXCLUSIVE_KERNEL does not match";
            };
            CellResult r = new CellResult(CellResult.SCHEMA, id, target, outcome, reason, 1,
                    new CellTimings(5, 10, 1500, 2000), new CellResult.Image("kmodfarm/debian:bookworm", "sha256:1"),
                    key, "src", "build", outcome == CellOutcome.FAILED ? 10 : 0, "", modules, first,
                    make.length == 0 ? "" : Digests.sha256(make), Digests.sha256(build), false,
                    "kmodfarm build -k " + kernel, runId, startedAt, startedAt, "", new CompilerCacheStats(0, 0, 0), null);
            tree.store(r, outcome == CellOutcome.BUILT ? Map.of("hello.ko", ko) : Map.of(), make, build);
            return row(id, outcome, false, key, reason, first, FarmTree.recordDigest(r));
        }

        /** A cell this run took from the cache: the record stays as the building run wrote it. */
        Run cached(String version, String kernel, CellOutcome outcome, String key) throws IOException {
            CellId id = new CellId("hello", version, kernel, "x86_64");
            CellResult r = tree.cached(key).orElseThrow();
            tree.restore(r);
            return row(id, outcome, true, key, "cached", null, FarmTree.recordDigest(r));
        }

        Run notRun(String kernel) {
            rows.add(new RunSummary.Cell("hello-src " + kernel + " (x86_64)", "hello-src", null, false, 0,
                    "not run: an earlier cell failed", "", "k-notrun", 0, recordDigests ? "" : null));
            notRun++;
            return this;
        }

        private Run row(CellId id, CellOutcome outcome, boolean cached, String key, String reason, FirstError first,
                        String record) {
            rows.add(new RunSummary.Cell(id.path(), "hello-src", outcome, cached, 1, reason,
                    first == null ? "" : first.describe(), key, 1500, recordDigests ? record : null));
            counts.merge(outcome, 1, Integer::sum);
            return this;
        }

        void write() throws IOException {
            RunSummary s = new RunSummary(1, runId, startedAt, startedAt, 1000, rows, counts, 0, 0, notRun, false);
            tree.writeRunFile(runId, "summary.json", FarmTree.json(s));
        }
    }

    Run run(String runId, String startedAt) {
        return new Run(runId, startedAt);
    }

    static final String RUN1 = "20260101T000000Z-0001";
    static final String RUN2 = "20260102T000000Z-0002";
    static final String RUN3 = "20260103T000000Z-0003";

    /**
     * Three runs of hello: run 1 builds -47 and fails -50; run 2 breaks -47, fails on the new -48 (whose
     * predecessor -47 built), fixes -50, meets trixie and 2.0 for the first time, has an ERROR and a cell not
     * run; run 3 breaks -50 again (replacing run 2's record), errs on -49 again and takes -47 from the cache.
     */
    static FixtureTree standard(Path root) throws IOException {
        return standard(root, true);
    }

    /** {@link #standard(Path)}, with summaries naming their records' digests or (false) as older runs wrote them. */
    static FixtureTree standard(Path root, boolean recordDigests) throws IOException {
        FixtureTree t = new FixtureTree(root, recordDigests);
        t.run(RUN1, "2026-01-01T00:00:00.500Z")
                .built("1.0", "6.1.0-47-amd64", BOOKWORM, CellOutcome.BUILT, "k1-47", "")
                .built("1.0", "6.1.0-50-amd64", BOOKWORM, CellOutcome.FAILED, "k1-50", "cc hello.c\nerror\n")
                .write();
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            log.append("line ").append(i).append('\n');
        }
        log.append("\u001B[31mhello.c:12: error:\u001B[0m 'x' undeclared \u0007 <&>\n");
        t.run(RUN2, "2026-01-02T00:00:00Z")
                .notRun("6.1.0-51-amd64")
                .built("2.0", "6.1.0-48-amd64", BOOKWORM, CellOutcome.BUILT, "k2-48v2", "")
                .built("1.0", "6.12.6-amd64", TRIXIE, CellOutcome.BUILT, "k2-trixie", "")
                .built("1.0", "6.1.0-50-amd64", BOOKWORM, CellOutcome.BUILT, "k2-50", "")
                .built("1.0", "6.1.0-49-amd64", BOOKWORM, CellOutcome.ERROR, "k2-49", "")
                .built("1.0", "6.1.0-48-amd64", BOOKWORM, CellOutcome.FAILED, "k2-48", log.toString())
                .built("1.0", "6.1.0-47-amd64", BOOKWORM, CellOutcome.FAILED, "k2-47", log.toString())
                .write();
        t.run(RUN3, "2026-01-03T00:00:00Z")
                .cached("1.0", "6.1.0-47-amd64", CellOutcome.FAILED, "k2-47")
                .built("1.0", "6.1.0-49-amd64", BOOKWORM, CellOutcome.ERROR, "k2-49", "")
                .built("1.0", "6.1.0-50-amd64", BOOKWORM, CellOutcome.FAILED, "k3-50", "cc\nerror\n")
                .write();
        return t;
    }
}
