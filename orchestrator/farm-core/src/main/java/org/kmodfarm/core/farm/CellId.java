package org.kmodfarm.core.farm;

import java.util.Objects;

/** A cell's place in the tree: module version × kernel × arch. */
public record CellId(String module, String version, String kernel, String arch) {
    public CellId {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(arch, "arch");
    }

    /** {@code NAME/VERSION/KERNEL/ARCH}: DKMS's layout, also used under {@code .kmodfarm/cells/}. */
    public String path() {
        return module + "/" + version + "/" + kernel + "/" + arch;
    }

    @Override
    public String toString() {
        return module + "/" + version + " " + kernel + " (" + arch + ")";
    }
}
