package org.kmodfarm.core.remote;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.core.farm.CellCommand;
import org.kmodfarm.core.farm.CellExecution;
import org.kmodfarm.core.farm.CellExecutor;
import org.kmodfarm.core.farm.CellWork;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.CellImagePublisher;
import org.kmodfarm.model.spi.RemoteRun;
import org.kmodfarm.model.spi.RemoteRunner;
import org.kmodfarm.model.spi.SandboxExit;

/**
 * Executes cells on a runtime that shares no disk with the orchestrator: the inputs travel as a per-cell image
 * ({@link CellImagePublisher}), the output comes back as {@link OutputFrames} in the task's log stream and is
 * checked against its announced sha256 before anything reads it. The compiler cache is a local volume, so remote
 * cells build without one.
 */
public final class RemoteCellExecutor implements CellExecutor {
    /** The same bound as the local runtime's: a hostile build cannot make the orchestrator hold more. */
    public static final long MAX_OUTPUT = 256L << 20;
    /** Where the remote runner keeps its output folder: the writable tmpfs of a read-only root. */
    static final String OUT = "/tmp/kmodfarm-out";

    private final CellImagePublisher publisher;
    private final RemoteRunner runner;

    public RemoteCellExecutor(CellImagePublisher publisher, RemoteRunner runner) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public CellExecution execute(CellWork work, Consumer<String> log) throws InterruptedException {
        String image = publisher.publish(work.image(), work.inputs().tar());
        try {
            RemoteRun run = new RemoteRun(image, CellCommand.of(CellCommand.REMOTE_MAIN, work, OUT), Map.of(),
                    work.limits().memoryBytes(), work.limits().pids(), work.limits().cpus(), work.timeout(), work.labels(), work.arch());
            OutputFrames.Reader frames = new OutputFrames.Reader(MAX_OUTPUT);
            long started = System.nanoTime();
            SandboxExit exit = runner.run(run, line -> {
                if (!frames.accept(line)) {
                    log.accept(line);
                }
            });
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            return execution(exit, frames.received(), elapsed);
        } finally {
            publisher.discard(image);
        }
    }

    /** A runner that ended normally must have sent its output; one that was stopped may not have. */
    static CellExecution execution(SandboxExit exit, OutputFrames.Received received, Duration elapsed) {
        boolean ranToItsEnd = exit instanceof SandboxExit.Exited && ((SandboxExit.Exited) exit).status() == 0;
        if (received instanceof OutputFrames.Received.TooLarge) {
            return new CellExecution(new SandboxExit.OutputTooLarge(((OutputFrames.Received.TooLarge) received)
                    .limitBytes()), Map.of(), elapsed);
        }
        if (received instanceof OutputFrames.Received.Complete) {
            try {
                return new CellExecution(exit, TarReader.files(((OutputFrames.Received.Complete) received).tar()),
                        elapsed);
            } catch (IOException e) {
                throw lost("its output archive is unreadable: " + e.getMessage(), e);
            }
        }
        if (received instanceof OutputFrames.Received.Broken) {
            throw lost(((OutputFrames.Received.Broken) received).why(), null);
        }
        if (ranToItsEnd) {
            throw lost("the runner ended without sending its output", null);
        }
        return new CellExecution(exit, Map.of(), elapsed);
    }

    private static InfraException lost(String why, Exception cause) {
        return new InfraException("the cell's output did not come back intact from the remote runtime: " + why,
                "the cell is retried; if it keeps happening, check the runtime's log driver keeps whole lines", cause);
    }
}
