package org.kmodfarm.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.spi.RemoteRun;

/**
 * The cluster objects of a cell, built without talking to a cluster: its Job, and the network policy that keeps
 * every cell pod off the network. The pod gets the sandbox policy of the local runtime as far as Kubernetes can
 * express it: non-root user 1000, a read-only root filesystem with a memory-backed {@code /tmp}, every capability
 * dropped, no privilege escalation, the runtime's default seccomp profile, no service account token, CPU and
 * memory requested and limited alike (so the cell is not starved nor bursting), a deadline, no retry by the
 * cluster (kmodfarm's retry policy decides). The pids limit is the node's ({@code podPidsLimit} of the kubelet):
 * a pod cannot set its own.
 */
public final class CellJobs {
    /** On every object kmodfarm creates, so leftovers can be found. */
    public static final String MANAGED = "kmodfarm.managed";
    /** On every cell pod; the network policy selects them by it. */
    public static final String CELL = "kmodfarm.cell";
    /** The network policy's name. */
    public static final String NO_NETWORK_POLICY = "kmodfarm-cells-no-network";
    static final long USER = 1000;
    private static final String TMP_SIZE = "1Gi";

    private final KubernetesSettings settings;

    public CellJobs(KubernetesSettings settings) {
        this.settings = settings;
    }

    /** @param name the Job's name, a DNS label */
    public Job job(String name, RemoteRun run) {
        Map<String, String> labels = new HashMap<>(Labels.sanitised(run.labels()));
        labels.put(MANAGED, "true");
        labels.put(CELL, "true");
        Map<String, String> nodeSelector = new TreeMap<>(settings.nodeSelector());
        nodeSelector.put("kubernetes.io/arch", Arch.parse(run.arch()).oci());
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(settings.namespace()).withLabels(labels)
                    .withAnnotations(Labels.originals(run.labels())).endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(Math.max(1, run.timeout().toSeconds()))
                    .withTtlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE,
                            settings.ttlAfterFinished().toSeconds()))
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withNodeSelector(nodeSelector)
                            .withImagePullSecrets(settings.imagePullSecret().map(LocalObjectReference::new)
                                    .map(List::of).orElse(List.of()))
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true).withRunAsUser(USER).withRunAsGroup(USER)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container(run))
                            .addNewVolume().withName("tmp").withNewEmptyDir().withMedium("Memory")
                                .withSizeLimit(new Quantity(TMP_SIZE)).endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** Denies all ingress and egress to cell pods; a cluster whose network plugin enforces policies enforces it. */
    public NetworkPolicy noNetwork() {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(NO_NETWORK_POLICY).withNamespace(settings.namespace())
                    .withLabels(Map.of(MANAGED, "true")).endMetadata()
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(Map.of(CELL, "true")).endPodSelector()
                    .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    private static Container container(RemoteRun run) {
        Map<String, Quantity> resources = Map.of(
                "cpu", new Quantity(Math.max(1, Math.round(run.cpus() * 1000)) + "m"),
                "memory", new Quantity(String.valueOf(run.memoryBytes())));
        return new ContainerBuilder()
                .withName("cell")
                .withImage(run.image())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(run.command())
                .withWorkingDir("/build")
                .withEnv(new TreeMap<>(run.environment()).entrySet().stream()
                        .map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withPrivileged(false)
                    .withRunAsNonRoot(true).withRunAsUser(USER)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .build();
    }
}
