package org.kmodfarm.dkms.tree;

import java.util.Objects;

/**
 * One kernel release and architecture a module is built or installed for.
 *
 * @param kernel the kernel release, e.g. {@code 6.1.0-47-amd64}; non-empty
 * @param arch   e.g. {@code x86_64}; non-empty
 */
public record KernelArch(String kernel, String arch) {
    public KernelArch {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(arch, "arch");
        if (kernel.isEmpty() || arch.isEmpty()) {
            throw new IllegalArgumentException("empty kernel or arch: '" + kernel + "' '" + arch + "'");
        }
    }
}
