package org.kmodfarm.cli.dkms;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
        CellMain.start(RemoteCellMain::run, args);
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
            try {
                OutputFrames.write(tar(cell.out()), out, new SecureRandom());
            } catch (IOException e) {
                err.println("kmodfarm cell: could not archive " + cell.out() + ": " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return status;
    }

    /**
     * The folder as a tar of names relative to it, made by the image's GNU tar: the cell jar carries kmodfarm's code
     * only, and the builder images all have tar.
     */
    static byte[] tar(Path folder) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tar", "--sort=name", "--numeric-owner", "-C",
                folder.toString(), "-cf", "-", "--"));
        try (Stream<Path> entries = Files.list(folder)) {
            entries.map(p -> p.getFileName().toString()).sorted().forEach(command::add);
        }
        Process tar = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] bytes = tar.getInputStream().readAllBytes();
        if (tar.waitFor() != 0) {
            throw new IOException("tar exited with status " + tar.exitValue());
        }
        return bytes;
    }
}
