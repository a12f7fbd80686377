package org.kmodfarm.model.spi;

import java.util.function.Consumer;

/**
 * Runs one command in an isolated container: no network, a non-root user, a read-only root filesystem,
 * no capabilities, no new privileges, CPU/memory/pids limits and a wall-clock timeout. The container is
 * removed afterwards whatever happens, interruption included. Thread-safe.
 */
public interface Sandbox {
    /**
     * @param log receives the run's output line by line as it comes
     * @throws InterruptedException when the caller is interrupted; the container is killed first
     */
    SandboxResult run(SandboxSpec spec, Consumer<String> log) throws InterruptedException;
}
