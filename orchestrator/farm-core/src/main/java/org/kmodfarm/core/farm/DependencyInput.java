package org.kmodfarm.core.farm;

import java.util.Objects;

/**
 * A BUILD_DEPENDS module built for the same kernel, as its dependent's cell receives it: the cell runner registers
 * it as installed in the cell's DKMS tree (so DKMS's BUILD_DEPENDS check passes, as it would on a host where the
 * dependency is installed) and hands its {@code Module.symvers} to make through {@code KBUILD_EXTRA_SYMBOLS}.
 *
 * @param name    the dependency's PACKAGE_NAME
 * @param version its PACKAGE_VERSION
 * @param symvers its Module.symvers; empty when it exports nothing
 */
public record DependencyInput(String name, String version, byte[] symvers) {
    /** Where the inputs tar holds the dependencies: {@code deps/NAME/VERSION/Module.symvers}. */
    public static final String DIR = "deps";

    public DependencyInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        symvers = symvers.clone();
        if (name.isEmpty() || name.contains("/") || version.isEmpty() || version.contains("/")) {
            throw new IllegalArgumentException("a dependency needs a NAME and VERSION without '/': " + name + "/"
                    + version);
        }
    }

    @Override
    public byte[] symvers() {
        return symvers.clone();
    }

    /** The line this dependency adds to its dependent's cache key. */
    String keyLine() {
        return "depends " + name + "/" + version + " symvers " + Digests.sha256(symvers);
    }
}
