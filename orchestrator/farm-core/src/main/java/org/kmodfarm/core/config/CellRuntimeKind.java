package org.kmodfarm.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the cells of a farm run (DESIGN.md §4's {@code --runtime}). */
public enum CellRuntimeKind {
    /** This machine's Docker engine ({@code docker.host}): one container per cell. */
    DOCKER,
    /** A Docker Swarm ({@code swarm.host}, {@code swarm.registry}): one replicated-job service per cell. */
    SWARM,
    /** A Kubernetes cluster ({@code kubernetes.context}, {@code kubernetes.registry}): one Job per cell. */
    KUBERNETES;

    /** The name the option and the configuration file use. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CellRuntimeKind parse(String value) {
        for (CellRuntimeKind k : values()) {
            if (k.id().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown runtime '" + value + "'; valid: "
                + Arrays.stream(values()).map(CellRuntimeKind::id).collect(Collectors.joining(", ")));
    }
}
