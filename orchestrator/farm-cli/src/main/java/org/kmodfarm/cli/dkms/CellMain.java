package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import org.kmodfarm.dkms.tree.KernelArch;

/**
 * The entry point of a farm cell: kmodfarm's own DKMS, run inside the sandboxed builder container, builds one
 * module for one kernel and leaves its results in {@code --out}. Run as
 * {@code java -cp kmodfarm-cell.jar org.kmodfarm.cli.dkms.CellMain --source DIR --kernel KERNEL --arch ARCH --jobs N
 * --out DIR}.
 *
 * <p>{@code --out} receives {@code make.log} (capped, see {@link LogCap#CELL}), {@code module/},
 * {@code modinfo/FILE.txt}, {@code ccache.log} (the compiler cache's log of this cell, when the farm gave it
 * one through {@code CCACHE_STATSLOG}) and, last, {@code cell.properties} ({@link CellProperties}). Exit status: 0 whenever
 * cell.properties was written, whatever DKMS said (the farm classifies from the file); 2 for a bad command line
 * and 1 when the cell itself could not work (trees or out directory not writable), with a message on stderr.
 */
public final class CellMain {
    private CellMain() {
    }

    public static void main(String[] args) {
        start(CellMain::run, args);
    }

    /** A cell entry point, with the seams tests replace. */
    @FunctionalInterface
    interface Entry {
        int run(String[] args, Host host, CellPaths paths, CellCollector collector, PrintStream out, PrintStream err);
    }

    /** Runs {@code entry} as the container starts it and exits with its status. */
    static void start(Entry entry, String[] args) {
        System.exit(entry.run(args, Host.detect("dkms"), CellPaths.CONTAINER,
                new CellCollector(List.of("/sbin/modinfo"), LogCap.CELL), System.out, System.err));
    }

    /** One cell; the seams are for tests. @return the process's exit status */
    static int run(String[] args, Host host, CellPaths paths, CellCollector collector, PrintStream out,
            PrintStream err) {
        CellArgs cell;
        try {
            cell = CellArgs.parse(args);
        } catch (CellArgs.Invalid e) {
            err.println("kmodfarm cell: " + e.getMessage());
            return 2;
        }
        try {
            Files.createDirectories(cell.out());
            CellRun.Outcome outcome = new CellRun(host, paths, new Console(out, err)).run(cell);
            LogCap.Copied log = new LogCap.Copied(0, false);
            int modules = 0;
            if (outcome.module().isPresent()) {
                CellCollector.Collected collected = collector.collect(paths.roots(), outcome.module().get(),
                        new KernelArch(cell.kernel(), cell.arch()), cell.out());
                log = collected.log();
                modules = collected.moduleFiles();
            }
            copyCompilerCacheLog(host, cell.out());
            String compression = DkmsProfile.FARM.suffix(paths.installTree().resolve(cell.kernel()),
                    paths.kernelConfig(cell.kernel())).compressed();
            new CellProperties(outcome.module().map(m -> m.module()).orElse(""),
                    outcome.module().map(m -> m.version()).orElse(""), outcome.stage(), outcome.status(),
                    compression, log.originalBytes(), log.capped()).writeTo(cell.out());
            out.println("kmodfarm cell: " + outcome.stage().key() + " ended with status " + outcome.status() + "; "
                    + modules + " module file(s) collected in " + cell.out());
            return 0;
        } catch (IOException e) {
            err.println("kmodfarm cell: could not run the cell for kernel " + cell.kernel() + " into " + cell.out()
                    + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("kmodfarm cell: interrupted while collecting the results");
            return 1;
        }
    }

    /** The compiler cache's per-cell stats log, for the farm to count hits and misses. */
    private static void copyCompilerCacheLog(Host host, java.nio.file.Path out) throws IOException {
        String log = host.environment().getOrDefault("CCACHE_STATSLOG", "");
        if (!log.isEmpty() && Files.isRegularFile(java.nio.file.Path.of(log))) {
            Files.copy(java.nio.file.Path.of(log), out.resolve("ccache.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
