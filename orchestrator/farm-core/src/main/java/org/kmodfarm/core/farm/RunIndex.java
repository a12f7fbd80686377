package org.kmodfarm.core.farm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The runs of a tree, {@code .kmodfarm/runs/RUN-ID/summary.json}, in time order. Reads only. */
public final class RunIndex {
    /** Oldest first: by start time, then run id. */
    public static final Comparator<RunSummary> ORDER = Comparator
            .comparing((RunSummary r) -> Instant.parse(r.startedAt())).thenComparing(RunSummary::runId);

    private final FarmTree tree;

    public RunIndex(FarmTree tree) {
        this.tree = tree;
    }

    /** The folder of run {@code runId}. */
    public Path dir(String runId) {
        return tree.meta().resolve("runs").resolve(runId);
    }

    /** Every run with a summary, oldest first. */
    public List<RunSummary> runs() throws IOException {
        Path dir = tree.meta().resolve("runs");
        List<RunSummary> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path run : list.sorted().toList()) {
                Path file = run.resolve("summary.json");
                if (Files.isRegularFile(file)) {
                    all.add(FarmTree.readJson(file, RunSummary.class));
                }
            }
        }
        all.sort(ORDER);
        return all;
    }
}
