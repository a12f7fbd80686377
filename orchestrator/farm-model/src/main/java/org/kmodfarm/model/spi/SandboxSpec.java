package org.kmodfarm.model.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One locked-down run: an image, inputs copied into {@code /build} before start, a command, limits.
 * The command writes what it wants kept into {@code /build/out}.
 *
 * @param inputTar    an uncompressed tar unpacked into {@code /build}
 * @param memoryBytes the memory limit (swap is not granted beyond it)
 * @param pids        the process-count limit
 * @param cpus        the CPU limit, in cores
 * @param timeout     the wall-clock limit; the container is killed when it passes
 */
public record SandboxSpec(String image, byte[] inputTar, List<String> command, long memoryBytes, long pids,
                          double cpus, Duration timeout, Map<String, String> labels) {
    public SandboxSpec {
        Objects.requireNonNull(image, "image");
        inputTar = inputTar.clone();
        command = List.copyOf(command);
        labels = Map.copyOf(labels);
        if (command.isEmpty() || memoryBytes <= 0 || pids <= 0 || cpus <= 0 || timeout.isNegative()) {
            throw new IllegalArgumentException("a sandbox run needs a command and positive limits");
        }
    }

    @Override
    public byte[] inputTar() {
        return inputTar.clone();
    }
}
