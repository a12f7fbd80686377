package org.kmodfarm.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.RemoteRun;
import org.kmodfarm.model.spi.RemoteRunner;
import org.kmodfarm.model.spi.SandboxExit;

/**
 * Runs each cell as one Kubernetes Job ({@link CellJobs}) and follows it until it ends: the pod's log is read
 * once its container has ended (the output frames are in it), then the Job is deleted with its pods. A pod that
 * cannot be scheduled or pull its image within the settings' schedule timeout, an evicted pod, a lost node or a
 * Job deleted behind kmodfarm's back is an {@link InfraException}: the farm's retry policy decides. Thread-safe:
 * each run works on its own Job.
 *
 * <p>The pod's log is what the kubelet kept of it: a cell whose output exceeds the kubelet's
 * {@code containerLogMaxSize} (10 MiB by default) comes back broken and is reported as such.
 */
public final class KubernetesRunner implements RemoteRunner {
    private static final String JOB_NAME_LABEL = "job-name";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final CellJobs jobs;
    private volatile boolean policyApplied;

    public KubernetesRunner(KubernetesClient client, KubernetesSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.jobs = new CellJobs(settings);
    }

    @Override
    public SandboxExit run(RemoteRun run, Consumer<String> lines) throws InterruptedException {
        applyNetworkPolicy();
        String name = "kmodfarm-cell-" + HexFormat.of().formatHex(randomBytes());
        call("create the Job " + name, () -> client.batch().v1().jobs().inNamespace(settings.namespace())
                .resource(jobs.job(name, run)).create());
        boolean interrupted = false;
        try {
            return follow(name, run.timeout(), lines);
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        } finally {
            interrupted |= Thread.interrupted();
            delete(name);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Deletes the Jobs (and their pods) kmodfarm created that {@code orphaned} selects by their original labels:
     * the leftovers of a run that was killed before it could clean up.
     *
     * @return how many were deleted
     */
    public int reap(Predicate<Map<String, String>> orphaned) throws InterruptedException {
        List<Job> managed = call("list kmodfarm's Jobs", () -> client.batch().v1().jobs()
                .inNamespace(settings.namespace()).withLabel(CellJobs.MANAGED, "true").list().getItems());
        int deleted = 0;
        for (Job job : managed) {
            Map<String, String> labels = job.getMetadata().getAnnotations() == null ? Map.of()
                    : job.getMetadata().getAnnotations();
            if (orphaned.test(labels)) {
                delete(job.getMetadata().getName());
                deleted++;
            }
        }
        return deleted;
    }

    private SandboxExit follow(String name, Duration timeout, Consumer<String> lines) throws InterruptedException {
        long created = System.nanoTime();
        long startedRunning = -1;
        while (true) {
            Job job = call("read the Job " + name, () -> client.batch().v1().jobs().inNamespace(settings.namespace())
                    .withName(name).get());
            List<Pod> pods = call("list the pods of " + name, () -> client.pods().inNamespace(settings.namespace())
                    .withLabel(JOB_NAME_LABEL, name).list().getItems());
            TaskState state = TaskStates.of(job, pods);
            long now = System.nanoTime();
            if (state instanceof TaskState.Ended) {
                TaskState.Ended ended = (TaskState.Ended) state;
                log(ended.pod(), lines);
                return ended.exit();
            }
            if (state instanceof TaskState.DeadlineExceeded) {
                String pod = ((TaskState.DeadlineExceeded) state).pod();
                if (!pod.isEmpty()) {
                    log(pod, lines);
                }
                return new SandboxExit.TimedOut();
            }
            if (state instanceof TaskState.Lost) {
                throw new InfraException("the cell's Job " + name + " was lost: " + ((TaskState.Lost) state).why(),
                        "check the cluster's nodes and that they can pull the cell image ('kubectl -n "
                                + settings.namespace() + " describe job " + name + "')");
            }
            if (state instanceof TaskState.Pending && now - created > settings.scheduleTimeout().toNanos()) {
                throw new InfraException("the cell's Job " + name + " was not running after "
                        + settings.scheduleTimeout().toSeconds() + " s: " + ((TaskState.Pending) state).why(),
                        "check that a node of the cell's architecture has room for its CPU and memory requests");
            }
            if (state instanceof TaskState.Running) {
                startedRunning = startedRunning < 0 ? now : startedRunning;
                // activeDeadlineSeconds should have ended it; this guards against a cluster that does not enforce it.
                if (now - startedRunning > timeout.plus(settings.scheduleTimeout()).toNanos()) {
                    return new SandboxExit.TimedOut();
                }
            }
            Thread.sleep(settings.pollInterval().toMillis());
        }
    }

    private void log(String pod, Consumer<String> lines) throws InterruptedException {
        String log = call("read the log of pod " + pod, () -> client.pods().inNamespace(settings.namespace())
                .withName(pod).inContainer("cell").getLog());
        if (log != null) {
            log.lines().forEach(lines);
        }
    }

    private void applyNetworkPolicy() throws InterruptedException {
        if (!policyApplied) {
            call("apply the network policy " + CellJobs.NO_NETWORK_POLICY, () -> client.network().v1()
                    .networkPolicies().inNamespace(settings.namespace()).resource(jobs.noNetwork())
                    .createOr(NonDeletingOperation::update));
            policyApplied = true;
        }
    }

    private void delete(String name) {
        try {
            client.batch().v1().jobs().inNamespace(settings.namespace()).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            // ttlSecondsAfterFinished removes it later; a failed clean-up must not hide the cell's own outcome.
        }
    }

    private <T> T call(String action, Supplier<T> call) throws InterruptedException {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (Thread.currentThread().isInterrupted() || causedByInterruption(e)) {
                InterruptedException interrupted = new InterruptedException("interrupted while trying to " + action);
                interrupted.initCause(e);
                throw interrupted;
            }
            throw new InfraException("Kubernetes API at " + client.getMasterUrl() + " refused to " + action + " (HTTP "
                    + e.getCode() + "): " + e.getMessage(), "check the kubeconfig's context, the namespace '"
                    + settings.namespace() + "' and kmodfarm's permissions there (Jobs, pods, pods/log, "
                    + "networkpolicies)", e);
        }
    }

    private static boolean causedByInterruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
