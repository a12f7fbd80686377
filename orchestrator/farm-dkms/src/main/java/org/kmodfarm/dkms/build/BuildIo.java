package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The processes DKMS's build, install and uninstall start: the one seam through which they touch the
 * machine besides plain file operations on the paths they are given. Tests pass a fake; the local
 * implementation is {@link LocalBuildIo}; the farm can pass one that runs inside a build container.
 *
 * <p>Implementations must be safe for use by one thread at a time.
 */
public interface BuildIo {
    /**
     * Runs {@code bash -c command} (DKMS's {@code ( eval "$cmd" )}) with exactly {@code environment}, no
     * standard input, and stdout and stderr appended together to {@code log}.
     *
     * @return the exit status
     * @throws IOException when bash cannot be started or the log cannot be written
     */
    int shell(String command, Path cwd, Map<String, String> environment, Path log) throws IOException;

    /**
     * Runs {@code argv} with exactly {@code environment} and no standard input.
     *
     * @return the exit status and stdout and stderr merged
     * @throws IOException when the program cannot be started
     */
    Result exec(List<String> argv, Path cwd, Map<String, String> environment) throws IOException;

    /**
     * A finished program.
     *
     * @param exitCode its exit status
     * @param output   stdout and stderr merged, decoded as UTF-8
     */
    record Result(int exitCode, String output) {
        public Result {
            java.util.Objects.requireNonNull(output, "output");
        }
    }
}
