package org.kmodfarm.loadtest;

import java.util.Objects;

/**
 * What booting one kernel takes, prepared once per kernel and run: its image and busybox, or why there is
 * none.
 *
 * @param image    null when {@code missing} says why
 * @param busyboxPkg the busybox package; null when {@code missing} says why
 * @param missing  empty when the kit is complete; else the reason the kernel cannot be load-tested
 * @param infrastructure whether {@code missing} is the machinery's fault (a download failed) rather than a fact
 *                 (the repository has no image for this kernel)
 */
public record KernelKit(KernelImage image, byte[] busybox, PackageRef busyboxPkg, String missing,
                        boolean infrastructure) {
    public KernelKit {
        Objects.requireNonNull(missing, "missing");
        if (missing.isEmpty() && (image == null || busybox == null || busyboxPkg == null)) {
            throw new IllegalArgumentException("a complete kit has an image and busybox");
        }
    }

    static KernelKit unavailable(String why, boolean infrastructure) {
        return new KernelKit(null, null, null, why, infrastructure);
    }

    public boolean complete() {
        return missing.isEmpty();
    }
}
