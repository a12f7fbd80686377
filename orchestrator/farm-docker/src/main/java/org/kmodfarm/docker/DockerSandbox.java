package org.kmodfarm.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.WaitResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.kmodfarm.archive.TarSubtree;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.Sandbox;
import org.kmodfarm.model.spi.SandboxExit;
import org.kmodfarm.model.spi.SandboxResult;
import org.kmodfarm.model.spi.SandboxSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command per container on a Docker engine, locked down: network mode {@code none}, the configured
 * non-root user, an init reaping zombies, a read-only root filesystem with an executable tmpfs {@code /tmp}
 * (1 GiB), an anonymous volume at {@code /build} (inputs in, {@code /build/out} out), all capabilities
 * dropped, no new privileges, memory (swap included), pids and CPU limits. Containers carry the spec's labels plus
 * {@value #MANAGED_LABEL}{@code =true} so leftovers can be reaped. Borrows its {@link DockerEngine}.
 * Thread-safe: runs may go side by side.
 */
public final class DockerSandbox implements Sandbox {
    /** Present on every container this class creates. */
    public static final String MANAGED_LABEL = "kmodfarm.managed";
    /** kmodfarm's builder images have user {@code builder} with this uid and gid, owning {@code /build}. */
    public static final String DEFAULT_USER = "1000:1000";

    private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);
    private static final String TMP_OPTIONS = "rw,exec,nosuid,size=1g,mode=1777";
    /** More than a build's modules and capped logs ever need; a hostile build cannot make the caller hold more. */
    static final long MAX_OUTPUT = 256L << 20;
    /** Once the container has stopped its log stream ends by itself; this only bounds a stuck stream. */
    private static final long LOG_DRAIN_SECONDS = 10;

    private final DockerEngine engine;
    private final String user;

    public DockerSandbox(DockerEngine engine) {
        this(engine, DEFAULT_USER);
    }

    /** @param user the container user, {@code uid:gid} or a name the image knows; never root */
    public DockerSandbox(DockerEngine engine, String user) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.user = Objects.requireNonNull(user, "user");
        if (user.isBlank() || user.equals("0") || user.startsWith("0:") || user.equals("root")
                || user.startsWith("root:")) {
            throw new IllegalArgumentException("the sandbox user must not be root: '" + user + "'");
        }
    }

    /**
     * {@inheritDoc} The input tar is unpacked into {@code /build} before the start (files keep the tar's
     * owners and modes). {@code /build/out} comes back as a tar of paths relative to it, empty when the
     * command made none. A run whose memory limit made the kernel kill a process ends
     * {@link SandboxExit.OutOfMemory} whatever its status. The container and its volume are removed in all
     * cases; on interruption the container is killed and removed before {@link InterruptedException} is
     * thrown, and the thread's interrupt flag is set again. (An interrupt that lands while the engine is
     * creating the container can leave that container behind; it carries {@value #MANAGED_LABEL}.)
     *
     * @throws InfraException when the engine fails (no such image, engine gone), with the fix
     */
    @Override
    public SandboxResult run(SandboxSpec spec, Consumer<String> log) throws InterruptedException {
        Objects.requireNonNull(log, "log");
        String id = null;
        boolean interrupted = false;
        try {
            id = create(spec);
            copyIn(id, spec.inputTar());
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before the sandbox started");
            }
            long started = System.nanoTime();
            SandboxExit exit = startAndWait(id, spec.timeout(), log);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            Optional<byte[]> output = copyOut(id);
            return output.isPresent() ? new SandboxResult(exit, output.get(), elapsed)
                    : new SandboxResult(new SandboxExit.OutputTooLarge(MAX_OUTPUT), TarSubtree.empty(), elapsed);
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        } catch (RuntimeException e) {
            // docker-java fails every call made while the thread's interrupt flag is set: that is the interruption.
            if (!Thread.currentThread().isInterrupted()) {
                throw e;
            }
            interrupted = true;
            InterruptedException ie = new InterruptedException("interrupted while talking to the engine");
            ie.initCause(e);
            throw ie;
        } finally {
            // Clear the flag, or the clean-up calls would fail the same way; set it again afterwards.
            interrupted |= Thread.interrupted();
            if (id != null) {
                if (interrupted) {
                    kill(id);
                }
                remove(id);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@inheritDoc} Looks only at containers carrying {@value #MANAGED_LABEL}{@code =true}. */
    @Override
    public int reap(Predicate<Map<String, String>> orphaned) {
        List<Container> managed = engine.call("list kmodfarm's containers", () -> client().listContainersCmd()
                .withShowAll(true).withLabelFilter(Map.of(MANAGED_LABEL, "true")).exec());
        int removed = 0;
        for (Container c : managed) {
            if (orphaned.test(c.getLabels() == null ? Map.of() : c.getLabels())) {
                remove(c.getId());
                removed++;
            }
        }
        return removed;
    }

    private String create(SandboxSpec spec) {
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(MANAGED_LABEL, "true");
        HostConfig host = HostConfig.newHostConfig()
                // An init as PID 1 reaps the zombies a build leaves behind, which would otherwise use up the pids limit.
                .withInit(true)
                .withNetworkMode("none")
                .withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes())
                .withPidsLimit(spec.pids())
                .withNanoCPUs(Math.max(1L, Math.round(spec.cpus() * 1e9)))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", TMP_OPTIONS))
                .withCapDrop(Capability.ALL)
                .withBinds(java.util.stream.Stream.concat(spec.volumes().entrySet().stream()
                        .map(v -> new Bind(v.getKey(), new Volume(v.getValue()))), spec.readOnlyFiles().entrySet()
                        .stream().map(f -> new Bind(f.getKey(), new Volume(f.getValue()), AccessMode.ro))).toList())
                .withSecurityOpts(List.of("no-new-privileges"));
        return engine.call("create a sandbox container from " + spec.image(), () -> client()
                .createContainerCmd(spec.image())
                .withNetworkDisabled(true)
                .withUser(user)
                .withWorkingDir("/build")
                // Anonymous: created with the container, seeded from the image's /build, removed with it.
                .withVolumes(new Volume("/build"))
                .withLabels(labels)
                .withEnv(spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withHostConfig(host)
                .withCmd(spec.command())
                .exec().getId());
    }

    /** Before the start: afterwards the read-only root makes the engine refuse copies. */
    private void copyIn(String id, byte[] tar) {
        if (tar.length == 0) {
            return;
        }
        engine.run("copy the inputs into the sandbox", () -> client().copyArchiveToContainerCmd(id)
                .withTarInputStream(new ByteArrayInputStream(tar)).withRemotePath("/build").exec());
    }

    private SandboxExit startAndWait(String id, Duration timeout, Consumer<String> log) throws InterruptedException {
        engine.run("start the sandbox container", () -> client().startContainerCmd(id).exec());
        FrameLines lines = engine.call("follow the sandbox's output", () -> client().logContainerCmd(id)
                .withStdOut(true).withStdErr(true).withFollowStream(true).exec(new FrameLines(log)));
        ResultCallback.Adapter<WaitResponse> waiting = null;
        try {
            waiting = engine.call("wait for the sandbox", () -> client().waitContainerCmd(id)
                    .exec(new ResultCallback.Adapter<>()));
            boolean ended = waiting.awaitCompletion(Timeouts.millis(timeout), TimeUnit.MILLISECONDS);
            if (!ended) {
                kill(id);
            }
            // The stream ends when the container stops; waiting for it delivers the last lines first.
            lines.awaitCompletion(LOG_DRAIN_SECONDS, TimeUnit.SECONDS);
            DockerImageStore.closeQuietly(lines);
            catchUp(id, lines);
            if (!ended) {
                return new SandboxExit.TimedOut();
            }
            ContainerState state = engine.call("inspect the sandbox container",
                    () -> client().inspectContainerCmd(id).exec().getState());
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                return new SandboxExit.OutOfMemory();
            }
            Long status = state.getExitCodeLong();
            return new SandboxExit.Exited(status == null ? -1 : status.intValue());
        } catch (RuntimeException e) {
            throw e instanceof InfraException i ? i : engine.failure("follow the sandbox container", e);
        } finally {
            DockerImageStore.closeQuietly(lines);
            if (waiting != null) {
                DockerImageStore.closeQuietly(waiting);
            }
        }
    }

    /** Reads the stored log once more for what the followed stream missed, then ends the lines. */
    private void catchUp(String id, FrameLines lines) throws InterruptedException {
        ResultCallback.Adapter<Frame> rest = lines.catchUp();
        try {
            client().logContainerCmd(id).withStdOut(true).withStdErr(true).exec(rest)
                    .awaitCompletion(LOG_DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the end of the log of sandbox container {}", id, e);
        } finally {
            DockerImageStore.closeQuietly(rest);
            lines.finish();
        }
    }

    /** {@code /build/out} as a tar, or empty when it holds more than {@link #MAX_OUTPUT} (read no further). */
    private Optional<byte[]> copyOut(String id) {
        return engine.call("copy /build/out out of the sandbox", () -> {
            try (InputStream tar = new BoundedStream(client().copyArchiveFromContainerCmd(id, "/build/out").exec(),
                    MAX_OUTPUT)) {
                return Optional.of(TarSubtree.of(tar, "out"));
            } catch (NotFoundException e) {
                return Optional.of(TarSubtree.empty());
            } catch (BoundedStream.LimitExceeded e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new InfraException("cannot read /build/out of sandbox container " + id + ": " + e.getMessage(),
                        "retry; an archive with names escaping /build/out is refused on purpose", e);
            }
        });
    }

    private void kill(String id) {
        try {
            client().killContainerCmd(id).exec();
        } catch (NotFoundException | ConflictException e) {
            LOG.debug("container {} had already stopped", id);
        } catch (RuntimeException e) {
            LOG.warn("cannot kill sandbox container {}; removing it anyway", id, e);
        }
    }

    /** Never throws: the run's own outcome or failure matters more; leftovers carry the managed label. */
    private void remove(String id) {
        try {
            client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            LOG.debug("container {} already removed", id);
        } catch (RuntimeException e) {
            LOG.warn("cannot remove sandbox container {} (label {}=true); remove it by hand", id, MANAGED_LABEL, e);
        }
    }

    private DockerClient client() {
        return engine.client();
    }
}
