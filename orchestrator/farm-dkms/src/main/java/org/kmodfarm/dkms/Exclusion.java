package org.kmodfarm.dkms;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why DKMS 3.2.2 refuses to build the package for the kernel and arch the conf was read for (its
 * {@code build_exclude}; a build then exits 77). Empty when it builds.
 *
 * @param reasons every rule that excludes, not just the first
 */
public record Exclusion(Set<Reason> reasons) {
    public Exclusion {
        reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reasons));
    }

    /** One BUILD_EXCLUSIVE rule. */
    public enum Reason {
        /** dkms.conf set DKMS's internal {@code build_exclude} itself (it is on the whitelist). */
        PRESET,
        /** The kernel does not match BUILD_EXCLUSIVE_KERNEL. */
        KERNEL,
        /** VER(kernel) &lt; VER(BUILD_EXCLUSIVE_KERNEL_MIN). */
        KERNEL_MIN,
        /** VER(kernel) &gt; VER(BUILD_EXCLUSIVE_KERNEL_MAX, or OBSOLETE_BY in its absence). */
        KERNEL_MAX,
        /** The arch does not match BUILD_EXCLUSIVE_ARCH. */
        ARCH,
        /** A BUILD_EXCLUSIVE_CONFIG word is not satisfied by the kernel config. */
        CONFIG
    }

    /** Whether the build is skipped. */
    public boolean excluded() {
        return !reasons.isEmpty();
    }

    /**
     * DKMS 3.2.2's rules for the package-level values.
     *
     * @param preset    element 0 of {@code build_exclude} as dkms.conf left it
     * @param exclusive the package's values, with OBSOLETE_BY already folded into {@code kernelMax}
     */
    static Exclusion evaluate(String preset, BuildExclusive exclusive, String kernel, KernelFacts facts) {
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        if (!preset.isEmpty()) {
            reasons.add(Reason.PRESET);
        }
        if (!exclusive.kernel().isEmpty() && !facts.exclusiveKernel().getOrDefault(0, false)) {
            reasons.add(Reason.KERNEL);
        }
        if (!exclusive.kernelMin().isEmpty() && Ver.compare(kernel, exclusive.kernelMin()) < 0) {
            reasons.add(Reason.KERNEL_MIN);
        }
        if (!exclusive.kernelMax().isEmpty() && Ver.compare(kernel, exclusive.kernelMax()) > 0) {
            reasons.add(Reason.KERNEL_MAX);
        }
        if (!exclusive.arch().isEmpty() && !facts.exclusiveArch().getOrDefault(0, false)) {
            reasons.add(Reason.ARCH);
        }
        if (facts.config().stream().anyMatch(probe -> !probe.satisfied())) {
            reasons.add(Reason.CONFIG);
        }
        return new Exclusion(reasons);
    }
}
