package org.kmodfarm.core.remote;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.kmodfarm.model.spi.RemoteRun;
import org.kmodfarm.model.spi.RemoteRunner;
import org.kmodfarm.model.spi.Sandbox;
import org.kmodfarm.model.spi.SandboxExit;
import org.kmodfarm.model.spi.SandboxSpec;

/**
 * A {@link RemoteRunner} on one engine's {@link Sandbox}: the per-cell image already holds the inputs, so nothing
 * is copied in, and nothing the sandbox copies out is used (the output comes back in the lines). It runs the remote
 * path of a cell with the local runtime's guarantees, which makes it the reference the distributed runners are
 * compared with.
 */
public final class SandboxRemoteRunner implements RemoteRunner {
    private final Sandbox sandbox;

    public SandboxRemoteRunner(Sandbox sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    }

    @Override
    public SandboxExit run(RemoteRun run, Consumer<String> lines) throws InterruptedException {
        return sandbox.run(new SandboxSpec(run.image(), new byte[0], run.command(), run.memoryBytes(), run.pids(),
                run.cpus(), run.timeout(), run.labels(), run.environment(), Map.of()), lines).exit();
    }
}
