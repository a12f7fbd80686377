package org.kmodfarm.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.spi.RemoteRun;
import org.kmodfarm.model.spi.SandboxExit;

class KubernetesRunnerTest extends MockClusterTest {
    final KubernetesSettings settings = new KubernetesSettings(MockCluster.NAMESPACE, Duration.ofMinutes(5),
            Duration.ofSeconds(1), Duration.ofMillis(50), Map.of("pool", "builders"), Optional.empty());
    final KubernetesRunner runner = new KubernetesRunner(cluster.client, settings);
    final RemoteRun run = new RemoteRun("registry:5000/kmodfarm-cell@sha256:" + "a".repeat(64),
            List.of("java", "-cp", "/build/kmodfarm-cell.jar", "Main"), Map.of("HOME", "/tmp"), 1L << 30, 512, 2,
            Duration.ofMinutes(10), Map.of("kmodfarm.run", "r1", "kmodfarm.kernel", "6.12.95+deb12-amd64"), "x86_64");

    @Test
    void aCellRunsAsAJobWhoseLogComesBackAndWhichIsDeletedAfterwards() throws Exception {
        cluster.behave(job -> new MockCluster.Behaviour.Ends(0, "Completed", "one\ntwo\n"));
        List<String> lines = new ArrayList<>();
        assertEquals(new SandboxExit.Exited(0), runner.run(run, lines::add));
        assertEquals(List.of("one", "two"), lines);
        assertTrue(cluster.jobs().isEmpty(), "the Job is deleted once its log is read");
        NetworkPolicy policy = cluster.client.network().v1().networkPolicies().inNamespace(MockCluster.NAMESPACE)
                .withName(CellJobs.NO_NETWORK_POLICY).get();
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        assertTrue(policy.getSpec().getEgress().isEmpty() && policy.getSpec().getIngress().isEmpty(),
                "no rule: nothing is allowed");
        assertEquals(Map.of(CellJobs.CELL, "true"), policy.getSpec().getPodSelector().getMatchLabels());
    }

    @Test
    void theJobTheClusterReceivedCarriesTheWholePolicy() throws Exception {
        AtomicReference<io.fabric8.kubernetes.api.model.batch.v1.Job> seen = new AtomicReference<>();
        cluster.behave(job -> {
            seen.set(job);
            return new MockCluster.Behaviour.Ends(3, "Error", "");
        });
        assertEquals(new SandboxExit.Exited(3), runner.run(run, l -> { }));
        var spec = seen.get().getSpec();
        assertEquals(0, spec.getBackoffLimit());
        assertEquals(600L, spec.getActiveDeadlineSeconds());
        var pod = spec.getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        assertEquals(run.image(), container.getImage());
        assertEquals(true, container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        assertEquals(Map.of("kubernetes.io/arch", "amd64", "pool", "builders"), pod.getNodeSelector());
        assertEquals("6.12.95_deb12-amd64", seen.get().getMetadata().getLabels().get("kmodfarm.kernel"));
    }

    @Test
    void anOomKilledContainerIsOutOfMemory() throws Exception {
        cluster.behave(job -> new MockCluster.Behaviour.Ends(137, "OOMKilled", "partial\n"));
        assertInstanceOf(SandboxExit.OutOfMemory.class, runner.run(run, l -> { }));
    }

    @Test
    void aPassedDeadlineIsATimeoutWithTheLogSoFar() throws Exception {
        cluster.behave(job -> new MockCluster.Behaviour.Deadline("compiling\n"));
        List<String> lines = new ArrayList<>();
        assertInstanceOf(SandboxExit.TimedOut.class, runner.run(run, lines::add));
        assertEquals(List.of("compiling"), lines);
        assertTrue(cluster.jobs().isEmpty());
    }

    @Test
    void anEvictedPodIsAnInfrastructureErrorAndItsJobIsDeleted() {
        cluster.behave(job -> new MockCluster.Behaviour.PodFails("Evicted"));
        InfraException e = assertThrows(InfraException.class, () -> runner.run(run, l -> { }));
        assertTrue(e.getMessage().contains("Evicted"), e.getMessage());
        assertTrue(cluster.jobs().isEmpty());
    }

    @Test
    void anImageThatCannotBePulledIsAnInfrastructureError() {
        cluster.behave(job -> new MockCluster.Behaviour.Waits("ImagePullBackOff"));
        InfraException e = assertThrows(InfraException.class, () -> runner.run(run, l -> { }));
        assertTrue(e.getMessage().contains("ImagePullBackOff"), e.getMessage());
    }

    @Test
    void aCellNeverScheduledIsLostAfterTheScheduleTimeout() {
        cluster.behave(job -> new MockCluster.Behaviour.Waits(null));
        InfraException e = assertThrows(InfraException.class, () -> runner.run(run, l -> { }));
        assertTrue(e.getMessage().contains("was not running after 1 s"), e.getMessage());
        assertTrue(cluster.jobs().isEmpty());
    }

    @Test
    void aJobDeletedBehindItsBackIsLost() {
        cluster.behave(job -> {
            cluster.client.batch().v1().jobs().inNamespace(MockCluster.NAMESPACE).withName(job.getMetadata()
                    .getName()).delete();
            return new MockCluster.Behaviour.Runs();
        });
        assertThrows(InfraException.class, () -> runner.run(run, l -> { }));
    }

    @Test
    void anInterruptedRunDeletesItsJob() throws Exception {
        cluster.behave(job -> new MockCluster.Behaviour.Runs());
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            while (cluster.jobs().isEmpty()) {
                Thread.onSpinWait();
            }
            caller.interrupt();
        });
        interrupter.start();
        assertThrows(InterruptedException.class, () -> runner.run(run, l -> { }));
        assertTrue(Thread.interrupted(), "the interrupt flag is set again");
        interrupter.join();
        assertTrue(cluster.jobs().isEmpty());
    }

    @Test
    void reapDeletesTheJobsItsPredicateSelectsByTheirOriginalLabels() throws Exception {
        var jobs = new CellJobs(settings);
        cluster.behave(job -> new MockCluster.Behaviour.Runs());
        cluster.client.batch().v1().jobs().inNamespace(MockCluster.NAMESPACE).resource(jobs.job("old", run)).create();
        cluster.client.batch().v1().jobs().inNamespace(MockCluster.NAMESPACE)
                .resource(jobs.job("other", new RemoteRun(run.image(), run.command(), Map.of(), 1, 1, 1,
                        Duration.ofSeconds(1), Map.of("kmodfarm.run", "r2"), "x86_64"))).create();
        assertEquals(1, runner.reap(labels -> "r1".equals(labels.get("kmodfarm.run"))));
        assertEquals(List.of("other"), cluster.jobs().stream().map(j -> j.getMetadata().getName()).toList());
    }
}
