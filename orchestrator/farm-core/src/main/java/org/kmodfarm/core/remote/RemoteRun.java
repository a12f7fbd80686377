package org.kmodfarm.core.remote;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kmodfarm.core.farm.CellLimits;

/**
 * One cell as a remote runtime receives it: a per-cell image that already holds the cell's inputs in
 * {@code /build} (see {@link CellImagePublisher}), the command, limits and labels. Nothing in it refers to a file of
 * the orchestrator's machine, so any node able to pull the image can run it.
 *
 * @param image       the per-cell image, pinned by digest where the runtime pulls it
 * @param environment variables set for the command, on top of the image's
 * @param arch        the kernel's architecture name ({@code x86_64}), for placement
 */
public record RemoteRun(String image, List<String> command, Map<String, String> environment, CellLimits limits,
                        Duration timeout, Map<String, String> labels, String arch) {
    public RemoteRun {
        Objects.requireNonNull(image, "image");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeout, "timeout");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(arch, "arch");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a remote run needs a command");
        }
    }
}
