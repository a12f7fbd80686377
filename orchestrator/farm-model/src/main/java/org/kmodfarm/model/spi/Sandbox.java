package org.kmodfarm.model.spi;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

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

    /**
     * Removes the containers this sandbox kind created that {@code orphaned} selects by their labels, whatever
     * their state: the leftovers of a run that was killed before it could clean up.
     *
     * @return how many were removed
     */
    int reap(Predicate<Map<String, String>> orphaned);
}
