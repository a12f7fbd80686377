package org.kmodfarm.cli;

import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.kmodfarm.core.config.Sizes;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.gc.GcPolicy;
import org.kmodfarm.core.gc.GcResult;
import org.kmodfarm.core.gc.TreeGc;
import org.kmodfarm.core.io.TreeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kmodfarm gc}: retention for the results tree. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Removes old runs (keeping the newest gc.keep-runs and every run holding a last good "
                + "build), trims the cell cache and unpacked archives to gc.cache-max (oldest first), then the "
                + "artifacts and kept sources nothing names any more. The DKMS layout and the cells' current "
                + "records are kept. Takes the tree's writer lock: waits for a running build."})
final class GcCommand implements Callable<Integer> {
    private final Context context;

    @Option(names = "--dry-run", description = "Say what would be removed; remove nothing.")
    boolean dryRun;

    @Option(names = "--keep-runs", paramLabel = "N", description = "Newest runs to keep (default: gc.keep-runs).")
    Integer keepRuns;

    @Option(names = "--cache-max", paramLabel = "SIZE", description = "Cache size to trim to, e.g. 2g (default: "
            + "gc.cache-max).")
    String cacheMax;

    GcCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        FarmTree tree = new FarmTree(context.tree());
        if (!Files.isDirectory(tree.meta())) {
            context.out().println("nothing to collect: " + tree.root() + " holds no kmodfarm records");
            context.out().flush();
            return ExitCodes.OK;
        }
        GcPolicy policy = new GcPolicy(keepRuns != null ? keepRuns : context.config().gcKeepRuns(),
                cacheMax != null ? Sizes.parse(cacheMax) : context.config().gcCacheMax());
        GcResult r;
        TreeLock lock = TreeLock.acquire(tree.root());
        try {
            r = new TreeGc(tree).collect(policy, dryRun);
        } finally {
            lock.close();
        }
        context.out().println((dryRun ? "would remove: " : "removed: ") + r.runs().size() + " run(s), " + r.objects()
                + " artifact(s), " + r.sources() + " source(s), " + r.cacheEntries() + " cache entr"
                + (r.cacheEntries() == 1 ? "y" : "ies") + "; " + (r.bytes() >> 20) + " MiB");
        r.runs().forEach(id -> context.out().println("  run " + id));
        context.out().flush();
        return ExitCodes.OK;
    }
}
