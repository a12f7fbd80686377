package org.kmodfarm.dkms.tree;

import java.util.Objects;

/** One line of DKMS's internal {@code module_status}: what the tree says about a module version. */
public sealed interface StatusEntry {
    ModuleVersion moduleVersion();

    /** The {@code source} link dangles, or is missing while the source directory exists. */
    record Broken(ModuleVersion moduleVersion) implements StatusEntry {
        public Broken {
            Objects.requireNonNull(moduleVersion, "moduleVersion");
        }
    }

    /** Added, and not built for any kernel/arch asked about. */
    record Added(ModuleVersion moduleVersion) implements StatusEntry {
        public Added {
            Objects.requireNonNull(moduleVersion, "moduleVersion");
        }
    }

    /**
     * Built for {@code target}; {@code installed} when the module's {@code kernel-K-A} link resolves to this
     * version's built directory.
     */
    record Built(ModuleVersion moduleVersion, KernelArch target, boolean installed) implements StatusEntry {
        public Built {
            Objects.requireNonNull(moduleVersion, "moduleVersion");
            Objects.requireNonNull(target, "target");
        }
    }
}
