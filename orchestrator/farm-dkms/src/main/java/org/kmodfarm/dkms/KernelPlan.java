package org.kmodfarm.dkms;

import java.util.List;
import java.util.Objects;

/**
 * What DKMS 3.2.2's {@code read_conf} decided for the kernel and arch it read the conf for.
 *
 * @param kernel      the kernel
 * @param makeCommand {@code make_command}: the last MAKE[i] whose MAKE_MATCH[i] matches the kernel, else MAKE[0]
 *                    when MAKE_MATCH[0] is empty, else {@code make -C <kernel_source_dir>
 *                    M=<dkms_tree>/<module>/<module_version>/build}; {@code " LLVM=1"} appended for clang kernels
 * @param patches     {@code patch_array}: the PATCH[i] applied in order (no PATCH_MATCH[i], or it matches)
 * @param exclusion   whether and why the build is skipped
 */
public record KernelPlan(String kernel, String makeCommand, List<String> patches, Exclusion exclusion) {
    public KernelPlan {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(makeCommand, "makeCommand");
        patches = List.copyOf(patches);
        Objects.requireNonNull(exclusion, "exclusion");
    }

    /**
     * The command DKMS's build {@code eval}s (a third expansion happens there): a leading {@code make} — any
     * command text starting with those four letters — becomes {@code make -j<jobs> KERNELRELEASE=<kernel>};
     * a quoted {@code 'make'} is left alone, which is how packages opt out.
     *
     * @param parallelJobs DKMS's {@code parallel_jobs}; 0 gives a bare {@code -j}, as DKMS does for {@code -j0}
     */
    public String buildCommand(int parallelJobs) {
        if (parallelJobs < 0) {
            throw new IllegalArgumentException("parallel jobs must not be negative: " + parallelJobs);
        }
        if (!makeCommand.startsWith("make")) {
            return makeCommand;
        }
        String jobs = parallelJobs == 0 ? "" : Integer.toString(parallelJobs);
        return "make -j" + jobs + " KERNELRELEASE=" + kernel + makeCommand.substring(4);
    }
}
