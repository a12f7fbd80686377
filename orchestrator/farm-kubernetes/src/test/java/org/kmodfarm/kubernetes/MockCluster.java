package org.kmodfarm.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * fabric8's mock API server in CRUD mode, plus a stand-in for the kubelet and the Job controller, which the mock does
 * not have: every new Job gets a pod whose state the test scripts ({@link Behaviour}), and the pod's log is served.
 */
final class MockCluster implements AutoCloseable {
    static final String NAMESPACE = "kmodfarm";

    /** What the "kubelet" does with a Job. */
    sealed interface Behaviour {
        /** The container ran and ended. */
        record Ends(int exitCode, String reason, String log) implements Behaviour {
        }

        /** The pod ran but the Job's deadline passed. */
        record Deadline(String log) implements Behaviour {
        }

        /** The pod is stuck waiting with this reason (ImagePullBackOff…), or Pending when null. */
        record Waits(String reason) implements Behaviour {
        }

        /** The pod failed without its container ending (Evicted, node lost). */
        record PodFails(String reason) implements Behaviour {
        }

        /** The pod keeps running. */
        record Runs() implements Behaviour {
        }
    }

    final KubernetesMockServer server;
    final KubernetesClient client;
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private final Thread kubelet;
    private volatile Function<Job, Behaviour> behaviour = job -> new Behaviour.Ends(0, "Completed", "");

    MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        kubelet = new Thread(this::kubelet, "mock-kubelet");
        kubelet.setDaemon(true);
        kubelet.start();
    }

    void behave(Function<Job, Behaviour> behaviour) {
        this.behaviour = behaviour;
    }

    List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
    }

    private void kubelet() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (Job job : jobs()) {
                    if (handled.add(job.getMetadata().getName())) {
                        start(job, behaviour.apply(job));
                    }
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The server is shutting down at the end of a test.
            }
        }
    }

    private void start(Job job, Behaviour b) {
        String name = job.getMetadata().getName();
        String pod = name + "-x1";
        String log = b instanceof Behaviour.Ends ? ((Behaviour.Ends) b).log()
                : b instanceof Behaviour.Deadline ? ((Behaviour.Deadline) b).log() : "";
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log?pretty=false&container=cell")
                .andReturn(200, log).always();
        PodBuilder builder = new PodBuilder().withNewMetadata().withName(pod).withNamespace(NAMESPACE)
                .addToLabels("job-name", name).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec());
        ContainerStateBuilder state = new ContainerStateBuilder();
        String phase;
        String reason = null;
        if (b instanceof Behaviour.Ends) {
            Behaviour.Ends ends = (Behaviour.Ends) b;
            state.withNewTerminated().withExitCode(ends.exitCode()).withReason(ends.reason()).endTerminated();
            phase = ends.exitCode() == 0 ? "Succeeded" : "Failed";
        } else if (b instanceof Behaviour.Waits) {
            String waiting = ((Behaviour.Waits) b).reason();
            if (waiting != null) {
                state.withNewWaiting().withReason(waiting).withMessage("cannot pull").endWaiting();
            }
            phase = "Pending";
        } else if (b instanceof Behaviour.PodFails) {
            phase = "Failed";
            reason = ((Behaviour.PodFails) b).reason();
        } else {
            state.withNewRunning().endRunning();
            phase = "Running";
        }
        Pod created = builder.withNewStatus().withPhase(phase).withReason(reason)
                .withContainerStatuses(new ContainerStatusBuilder().withName("cell").withState(state.build()).build())
                .endStatus().build();
        client.pods().inNamespace(NAMESPACE).resource(created).create();
        if (b instanceof Behaviour.Deadline) {
            job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withConditions(
                    new JobConditionBuilder().withType("Failed").withStatus("True").withReason("DeadlineExceeded")
                            .build()).build());
            client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
        }
    }

    @Override
    public void close() {
        kubelet.interrupt();
        client.close();
        server.destroy();
    }
}
