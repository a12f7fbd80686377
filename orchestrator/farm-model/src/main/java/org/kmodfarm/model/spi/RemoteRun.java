package org.kmodfarm.model.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cell as a remote runtime receives it: a per-cell image that already holds the cell's inputs in
 * {@code /build} (see {@link CellImagePublisher}), the command, limits and labels. Nothing in it refers to a file of
 * the orchestrator's machine, so any node able to pull the image can run it.
 *
 * @param image       the per-cell image, pinned by digest where the runtime pulls it
 * @param environment variables set for the command, on top of the image's
 * @param memoryBytes the memory limit (swap is not granted beyond it)
 * @param pids        the process-count limit
 * @param cpus        the CPU limit, in cores
 * @param arch        the kernel's architecture name ({@code x86_64}), for placement
 */
public record RemoteRun(String image, List<String> command, Map<String, String> environment, long memoryBytes,
                        long pids, double cpus, Duration timeout, Map<String, String> labels, String arch) {
    public RemoteRun {
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(arch, "arch");
        if (command.isEmpty() || memoryBytes <= 0 || pids <= 0 || cpus <= 0 || timeout.isNegative()) {
            throw new IllegalArgumentException("a remote run needs a command and positive limits");
        }
    }
}
