package org.kmodfarm.dkms;

import java.util.Objects;

/**
 * The BUILD_EXCLUSIVE_* values of one index, as written (empty when unset).
 *
 * @param kernel    BUILD_EXCLUSIVE_KERNEL, a bash regex the kernel must match
 * @param kernelMin BUILD_EXCLUSIVE_KERNEL_MIN, compared with {@link Ver}
 * @param kernelMax BUILD_EXCLUSIVE_KERNEL_MAX, compared with {@link Ver}; for the package, OBSOLETE_BY when
 *                  this is empty
 * @param arch      BUILD_EXCLUSIVE_ARCH, a bash regex the arch must match
 * @param config    BUILD_EXCLUSIVE_CONFIG, words {@code CONFIG_X} (needed) and {@code !CONFIG_X} (forbidden)
 */
public record BuildExclusive(String kernel, String kernelMin, String kernelMax, String arch, String config) {
    public BuildExclusive {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(kernelMin, "kernelMin");
        Objects.requireNonNull(kernelMax, "kernelMax");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(config, "config");
    }

    /** Element {@code index} of each BUILD_EXCLUSIVE_* array. */
    static BuildExclusive at(Evaluation.Sourced e, int index) {
        return new BuildExclusive(e.get("BUILD_EXCLUSIVE_KERNEL").get(index),
                e.get("BUILD_EXCLUSIVE_KERNEL_MIN").get(index), e.get("BUILD_EXCLUSIVE_KERNEL_MAX").get(index),
                e.get("BUILD_EXCLUSIVE_ARCH").get(index), e.get("BUILD_EXCLUSIVE_CONFIG").get(index));
    }
}
