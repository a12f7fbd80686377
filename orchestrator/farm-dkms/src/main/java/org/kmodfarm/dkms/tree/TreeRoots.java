package org.kmodfarm.dkms.tree;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The three trees DKMS works on. Kept as the strings the user gave (DKMS compares and prints them literally,
 * e.g. in "Creating symlink …" and when deciding whether a {@code kernel-K-A} link points at a version).
 *
 * @param dkmsTree    DKMS's {@code $dkms_tree}, {@code /var/lib/dkms} by default
 * @param sourceTree  {@code $source_tree}, {@code /usr/src} by default
 * @param installTree {@code $install_tree}, {@code /lib/modules} by default
 */
public record TreeRoots(String dkmsTree, String sourceTree, String installTree) {
    public TreeRoots {
        Objects.requireNonNull(dkmsTree, "dkmsTree");
        Objects.requireNonNull(sourceTree, "sourceTree");
        Objects.requireNonNull(installTree, "installTree");
    }

    /** DKMS's defaults. */
    public static TreeRoots defaults() {
        return new TreeRoots("/var/lib/dkms", "/usr/src", "/lib/modules");
    }

    /** {@code $source_tree/<module>-<version>}, where {@code add} expects (or copies) the source. */
    public String sourceDir(ModuleVersion mv) {
        return sourceTree + "/" + mv.module() + "-" + mv.version();
    }

    /** {@code $dkms_tree/<module>/<version>}. */
    public String versionDir(ModuleVersion mv) {
        return dkmsTree + "/" + mv.module() + "/" + mv.version();
    }

    /** {@code $dkms_tree/<module>/<version>/<kernel>/<arch>}, the "built" directory. */
    public String builtDir(ModuleVersion mv, KernelArch target) {
        return versionDir(mv) + "/" + target.kernel() + "/" + target.arch();
    }

    /** The dkms tree as a path. */
    public Path dkmsPath() {
        return Path.of(dkmsTree);
    }
}
