package org.kmodfarm.model.spi;

import java.util.function.Consumer;

/**
 * Runs a {@link RemoteRun} somewhere (a Swarm node, a Kubernetes pod) under the sandbox policy of the local
 * runtime: no route out, a non-root user, a read-only root filesystem with a writable {@code /tmp}, no
 * capabilities, no new privileges, the run's limits, no restart by the engine (kmodfarm's retry policy decides).
 * The only way back is the task's output: every line it writes, stdout and stderr, in order. Implementations are
 * thread-safe.
 */
public interface RemoteRunner {
    /**
     * @param lines receives the task's output line by line as it comes
     * @return how the task ended ({@link SandboxExit.TimedOut} when the run's timeout passed)
     * @throws org.kmodfarm.model.InfraException when the task was lost (node gone, evicted, rejected, engine
     *                                           error): the cell is then retried within the retry budget
     * @throws InterruptedException              when the caller is interrupted; the task is stopped and removed first
     */
    SandboxExit run(RemoteRun run, Consumer<String> lines) throws InterruptedException;
}
