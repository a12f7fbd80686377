package org.kmodfarm.cli.dkms;

import java.io.PrintStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.remote.OutputFrames;

/**
 * The entry point of a cell on a runtime that shares no disk with the farm (Swarm, Kubernetes): {@link CellMain}
 * with the same command line, whose {@code --out} folder is then printed on stdout as {@link OutputFrames} (the
 * only way back from such a task is its log stream). The frames follow everything else the cell printed.
 */
public final class RemoteCellMain {
    private RemoteCellMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Host.detect("dkms"), CellPaths.CONTAINER,
                new CellCollector(List.of("/sbin/modinfo"), LogCap.CELL), System.out, System.err));
    }

    /** One cell, then its output as frames. @return the process's exit status, {@link CellMain}'s */
    static int run(String[] args, Host host, CellPaths paths, CellCollector collector, PrintStream out,
            PrintStream err) {
        int status = CellMain.run(args, host, paths, collector, out, err);
        CellArgs cell;
        try {
            cell = CellArgs.parse(args);
        } catch (CellArgs.Invalid e) {
            return status;
        }
        if (Files.isDirectory(cell.out())) {
            OutputFrames.write(new TarWriter().tree(cell.out(), "").toBytes(), out, new SecureRandom());
        }
        return status;
    }
}
