package org.kmodfarm.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kmodfarm.model.spi.RemoteRun;

class CellJobsTest {
    final KubernetesSettings settings = new KubernetesSettings("farm", Duration.ofMinutes(30), Duration.ofMinutes(5),
            Duration.ofSeconds(1), Map.of(), Optional.of("registry-login"));
    final RemoteRun run = new RemoteRun("reg/kmodfarm-cell@sha256:" + "c".repeat(64), List.of("java", "Main"),
            Map.of("HOME", "/tmp"), 3L << 30, 1024, 1.5, Duration.ofMinutes(45),
            Map.of("kmodfarm.run", "20261126T2300Z-1a2b", "kmodfarm.kernel", "6.12.95+deb12-amd64"), "aarch64");
    final Job job = new CellJobs(settings).job("kmodfarm-cell-0011", run);

    @Test
    void theJobNeitherRetriesNorOutlivesItsDeadline() {
        assertEquals("farm", job.getMetadata().getNamespace());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(2700L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(1800, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
    }

    @Test
    void thePodGetsTheSandboxPolicy() {
        var pod = job.getSpec().getTemplate().getSpec();
        assertFalse(pod.getAutomountServiceAccountToken());
        assertFalse(pod.getEnableServiceLinks());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(1000L, pod.getSecurityContext().getRunAsUser());
        assertEquals(1000L, pod.getSecurityContext().getRunAsGroup());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        var container = pod.getContainers().get(0);
        var security = container.getSecurityContext();
        assertFalse(security.getAllowPrivilegeEscalation());
        assertFalse(security.getPrivileged());
        assertTrue(security.getReadOnlyRootFilesystem());
        assertTrue(security.getRunAsNonRoot());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertTrue(security.getCapabilities().getAdd().isEmpty());
        assertEquals("/tmp", container.getVolumeMounts().get(0).getMountPath());
        var tmp = pod.getVolumes().get(0).getEmptyDir();
        assertEquals("Memory", tmp.getMedium());
        assertEquals(new Quantity("1Gi"), tmp.getSizeLimit());
        assertEquals(List.of("registry-login"), pod.getImagePullSecrets().stream().map(s -> s.getName()).toList());
    }

    @Test
    void requestsEqualLimitsSoACellIsNeitherStarvedNorBursting() {
        var resources = job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertEquals(resources.getRequests(), resources.getLimits());
        assertEquals(new Quantity("1500m"), resources.getLimits().get("cpu"));
        assertEquals(new Quantity(String.valueOf(3L << 30)), resources.getLimits().get("memory"));
    }

    @Test
    void theCellLandsOnANodeOfItsArchitecture() {
        assertEquals(Map.of("kubernetes.io/arch", "arm64"), job.getSpec().getTemplate().getSpec().getNodeSelector());
    }

    @Test
    void labelsSelectAndAnnotationsKeepTheOriginals() {
        Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
        assertEquals("6.12.95_deb12-amd64", labels.get("kmodfarm.kernel"));
        assertEquals("true", labels.get(CellJobs.CELL));
        assertEquals("true", labels.get(CellJobs.MANAGED));
        assertEquals("6.12.95+deb12-amd64", job.getMetadata().getAnnotations().get("kmodfarm.kernel"));
    }

    @Test
    void labelValuesAreMadeValid() {
        assertEquals("a_b", Labels.value("-a+b."));
        assertEquals(63, Labels.value("x".repeat(80)).length());
        assertEquals("", Labels.value("+++"));
    }
}
