package org.kmodfarm.docker;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.RemoteRun;
import org.kmodfarm.model.spi.RemoteRunner;
import org.kmodfarm.model.spi.SandboxExit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each cell as a one-task replicated-job service of a Docker Swarm ({@link SwarmServiceSpec} holds the
 * sandbox policy), on an {@code --internal} overlay network of its own, and removes both afterwards.
 *
 * <p>The manager is polled for the task's state. The wall-clock limit counts from the moment the task runs (pulling
 * the image onto a fresh node is not the cell's time); a task that has not started within {@code startLimit}, or
 * whose node the manager sees down, or that the engine rejected, orphaned or shut down, is an
 * {@link InfraException}: the farm retries the cell, and Swarm places the retry on a node that is up. The log is
 * read once the task has ended, in full ({@code follow} streams of a service do not end with its task).
 *
 * <p>Every service and network carries the run's labels plus {@value DockerSandbox#MANAGED_LABEL}{@code =true};
 * {@link #reap} removes those of runs that died. Thread-safe; {@link #close} removes networks that were still in use
 * when their cell ended.
 */
public final class SwarmRunner implements RemoteRunner, AutoCloseable {
    /** Pulling a builder image (about 0.8 GB) onto a node that has none yet takes a while. */
    public static final Duration START_LIMIT = Duration.ofMinutes(15);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int CLOSE_ATTEMPTS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(SwarmRunner.class);
    private static final String FIX = "check 'docker node ls' on the Swarm manager; the cell is retried on a node that "
            + "is up";

    private final SwarmApi api;
    private final List<String> constraints;
    private final Duration startLimit;
    private final Duration poll;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> networksInUse = ConcurrentHashMap.newKeySet();

    /**
     * @param manager     a connection to a manager of the swarm; borrowed, not closed here
     * @param constraints placement constraints every cell's service gets besides its architecture, as
     *                    {@code docker service create --constraint} takes them
     */
    public SwarmRunner(DockerEngine manager, List<String> constraints) {
        this(new EngineSwarmApi(manager), constraints, START_LIMIT, POLL);
    }

    SwarmRunner(SwarmApi api, List<String> constraints, Duration startLimit, Duration poll) {
        this.api = Objects.requireNonNull(api, "api");
        this.constraints = List.copyOf(constraints);
        this.startLimit = Objects.requireNonNull(startLimit, "startLimit");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    @Override
    public SandboxExit run(RemoteRun run, Consumer<String> lines) throws InterruptedException {
        String name = "kmodfarm-" + HexFormat.of().formatHex(bytes());
        Map<String, String> labels = new HashMap<>(run.labels());
        labels.put(DockerSandbox.MANAGED_LABEL, "true");
        api.createNetwork(name, labels);
        String service = null;
        try {
            service = api.createService(SwarmServiceSpec.of(run, name, name, constraints, labels));
            return follow(service, run.timeout(), lines);
        } finally {
            cleanUp(service, name);
        }
    }

    private byte[] bytes() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return b;
    }

    private SandboxExit follow(String service, Duration timeout, Consumer<String> lines) throws InterruptedException {
        long startBy = System.nanoTime() + startLimit.toNanos();
        long endBy = Long.MAX_VALUE;
        while (true) {
            List<SwarmTask> tasks = api.tasks(service);
            SwarmTask.Progress progress = tasks.isEmpty() ? new SwarmTask.Progress.Waiting("no task yet")
                    : tasks.get(0).progress();
            if (progress instanceof SwarmTask.Progress.Ended ended) {
                lines.accept(placement(tasks.get(0)));
                api.logs(service, lines);
                return ended.exit();
            }
            if (progress instanceof SwarmTask.Progress.Lost lost) {
                throw new InfraException("Swarm lost the cell: " + lost.why(), FIX);
            }
            String node = tasks.isEmpty() ? "" : tasks.get(0).nodeId();
            if (!node.isEmpty() && !api.nodeReady(node)) {
                throw new InfraException("Swarm lost the cell: its node " + node + " is down", FIX);
            }
            long now = System.nanoTime();
            if (progress instanceof SwarmTask.Progress.Running) {
                endBy = Math.min(endBy, saturatedAdd(now, timeout.toNanos()));
                if (now - endBy >= 0) {
                    lines.accept(placement(tasks.get(0)));
                    logsQuietly(service, lines);
                    return new SandboxExit.TimedOut();
                }
            } else if (now - startBy >= 0) {
                throw new InfraException("no Swarm node started the cell within " + startLimit.toMinutes()
                        + " min; its task is " + ((SwarmTask.Progress.Waiting) progress).why(),
                        "check that a node is up whose architecture and labels match, with room for the cell's "
                                + "reservations ('docker node ls', 'docker node inspect'), and that it can pull the "
                                + "cell's image");
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** The cell's log says where it ran: which node to look at when a cell behaves differently there. */
    static String placement(SwarmTask task) {
        return "kmodfarm swarm: task " + task.id() + " on node " + task.nodeId();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** A timed-out cell's log so far shows where it was stuck; without it the cell still timed out. */
    private void logsQuietly(String service, Consumer<String> lines) throws InterruptedException {
        try {
            api.logs(service, lines);
        } catch (InfraException e) {
            LOG.warn("cannot read the log of timed-out Swarm service {}", service, e);
        }
    }

    /**
     * Removes the service (Swarm stops its task) and its network, also for an interrupted caller. The network is
     * still in use until the task is gone; such networks are removed later. A failure here does not replace the
     * cell's outcome: what is left carries labels for {@link #reap}.
     */
    private void cleanUp(String service, String network) {
        boolean interrupted = Thread.interrupted();
        try {
            if (service != null) {
                api.removeService(service);
            }
            networksInUse.add(network);
            networksInUse.removeIf(api::removeNetwork);
        } catch (InfraException e) {
            LOG.warn("cannot remove Swarm service {} or its network; a later run reaps it", service, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Removes the services and networks of dead kmodfarm processes (networks still in use stay).
     *
     * @param orphaned tells, from its labels, whether a service belongs to a process that is gone
     * @return how many services were removed
     */
    public int reap(Predicate<Map<String, String>> orphaned) {
        int removed = 0;
        for (Map.Entry<String, Map<String, String>> s : api.services(DockerSandbox.MANAGED_LABEL).entrySet()) {
            if (orphaned.test(s.getValue())) {
                api.removeService(s.getKey());
                removed++;
            }
        }
        api.networks(DockerSandbox.MANAGED_LABEL).forEach((id, labels) -> {
            if (orphaned.test(labels)) {
                api.removeNetwork(id);
            }
        });
        return removed;
    }

    /** Removes the networks whose tasks were still being torn down when their cell ended, waiting a little. */
    @Override
    public void close() {
        boolean interrupted = false;
        try {
            for (int attempt = 0; attempt < CLOSE_ATTEMPTS && !networksInUse.isEmpty(); attempt++) {
                networksInUse.removeIf(api::removeNetwork);
                if (!networksInUse.isEmpty()) {
                    Thread.sleep(poll.toMillis());
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (InfraException e) {
            LOG.warn("cannot remove kmodfarm's Swarm networks {}; a later run reaps them", networksInUse, e);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
