package org.kmodfarm.dkms;

import java.util.Objects;

/**
 * PACKAGE_NAME and PACKAGE_VERSION (element 0 of each), both non-empty in a valid dkms.conf.
 *
 * @param name    the module name DKMS uses for {@code -m}, the tree and {@code /usr/src/<name>-<version>}
 * @param version free form; compared with {@link Ver}
 */
public record PackageInfo(String name, String version) {
    public PackageInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
