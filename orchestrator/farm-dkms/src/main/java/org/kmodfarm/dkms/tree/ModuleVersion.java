package org.kmodfarm.dkms.tree;

import java.util.Objects;

/**
 * A module name and version as DKMS names them: {@code <module>/<version>}.
 *
 * @param module  PACKAGE_NAME; non-empty, without {@code /}
 * @param version PACKAGE_VERSION; non-empty (it may contain {@code /}, as DKMS's {@code m/v} parsing allows)
 */
public record ModuleVersion(String module, String version) {
    public ModuleVersion {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
        if (module.isEmpty() || version.isEmpty() || module.contains("/")) {
            throw new IllegalArgumentException("not a module/version: '" + module + "/" + version + "'");
        }
    }

    /** {@code module/version}, the form DKMS prints. */
    @Override
    public String toString() {
        return module + "/" + version;
    }
}
