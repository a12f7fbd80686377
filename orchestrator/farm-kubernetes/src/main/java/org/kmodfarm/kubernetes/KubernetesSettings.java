package org.kmodfarm.kubernetes;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how cells run on a cluster.
 *
 * @param namespace        the namespace the Jobs and their network policy live in (it must exist)
 * @param ttlAfterFinished how long the cluster keeps a finished Job should kmodfarm die before deleting it
 * @param scheduleTimeout  how long a cell may wait for a node and its image before it counts as lost
 * @param pollInterval     how often a running Job is looked at
 * @param nodeSelector     node labels cells must land on, besides their architecture
 * @param imagePullSecret  the secret holding the registry's credentials, if it needs any
 */
public record KubernetesSettings(String namespace, Duration ttlAfterFinished, Duration scheduleTimeout,
                                 Duration pollInterval, Map<String, String> nodeSelector,
                                 Optional<String> imagePullSecret) {
    public KubernetesSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(ttlAfterFinished, "ttlAfterFinished");
        Objects.requireNonNull(scheduleTimeout, "scheduleTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        nodeSelector = Map.copyOf(nodeSelector);
        Objects.requireNonNull(imagePullSecret, "imagePullSecret");
        if (namespace.isBlank() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("a namespace and a positive poll interval are needed");
        }
    }

    /**
     * The settings a farm run uses: finished Jobs kept an hour should kmodfarm die, ten minutes to be scheduled,
     * a look every second, no pull secret.
     */
    public static KubernetesSettings of(String namespace, Map<String, String> nodeSelector) {
        return new KubernetesSettings(namespace, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofSeconds(1),
                nodeSelector, Optional.empty());
    }
}
