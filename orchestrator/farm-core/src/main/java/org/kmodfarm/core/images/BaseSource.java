package org.kmodfarm.core.images;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a release's root filesystem comes from. */
public enum BaseSource {
    /** Pull {@code DISTRO:RELEASE} when a registry answers, else bootstrap from the mirror. */
    AUTO,
    /** Only pull; fail when no registry answers. */
    PULL,
    /** Never pull: bootstrap with mmdebstrap (or debootstrap) from the package mirror. */
    BOOTSTRAP;

    public static BaseSource parse(String value) {
        for (BaseSource s : values()) {
            if (s.name().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown base image source '" + value + "'; valid: "
                + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
