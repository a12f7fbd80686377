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
 * @param environment variables set for the command, on top of the image's
 * @param volumes     named volumes that outlive the run (a compiler cache), volume name → mount point; they are
 *                    the only state shared between runs, so callers scope them to what may share them
 * @param readOnlyFiles files of the orchestrator's machine mounted read-only, host path → mount point (a
 *                      signing key): never copied, so they reach no volume, layer or output; only an engine on
 *                      the orchestrator's machine can honour them
 */
public record SandboxSpec(String image, byte[] inputTar, List<String> command, long memoryBytes, long pids,
                          double cpus, Duration timeout, Map<String, String> labels, Map<String, String> environment,
                          Map<String, String> volumes, Map<String, String> readOnlyFiles) {
    public SandboxSpec {
        Objects.requireNonNull(image, "image");
        inputTar = inputTar.clone();
        command = List.copyOf(command);
        labels = Map.copyOf(labels);
        environment = Map.copyOf(environment);
        volumes = Map.copyOf(volumes);
        readOnlyFiles = Map.copyOf(readOnlyFiles);
        if (command.isEmpty() || memoryBytes <= 0 || pids <= 0 || cpus <= 0 || timeout.isNegative()) {
            throw new IllegalArgumentException("a sandbox run needs a command and positive limits");
        }
        if (volumes.values().stream().anyMatch(p -> !p.startsWith("/") || p.equals("/build")
                || p.startsWith("/build/"))) {
            throw new IllegalArgumentException("volumes mount at absolute paths outside /build: " + volumes);
        }
        if (readOnlyFiles.entrySet().stream().anyMatch(f -> !f.getKey().startsWith("/")
                || !f.getValue().startsWith("/") || f.getValue().startsWith("/build"))) {
            throw new IllegalArgumentException("read-only files need absolute paths, mounted outside /build: "
                    + readOnlyFiles.keySet());
        }
    }

    /** A run with named volumes and no file of the orchestrator's machine. */
    public SandboxSpec(String image, byte[] inputTar, List<String> command, long memoryBytes, long pids, double cpus,
                       Duration timeout, Map<String, String> labels, Map<String, String> environment,
                       Map<String, String> volumes) {
        this(image, inputTar, command, memoryBytes, pids, cpus, timeout, labels, environment, volumes, Map.of());
    }

    /** A run with no extra environment and no named volume. */
    public SandboxSpec(String image, byte[] inputTar, List<String> command, long memoryBytes, long pids, double cpus,
                       Duration timeout, Map<String, String> labels) {
        this(image, inputTar, command, memoryBytes, pids, cpus, timeout, labels, Map.of(), Map.of(), Map.of());
    }

    @Override
    public byte[] inputTar() {
        return inputTar.clone();
    }
}
