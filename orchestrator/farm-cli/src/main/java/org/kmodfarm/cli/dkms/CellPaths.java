package org.kmodfarm.cli.dkms;

import java.nio.file.Path;
import java.util.Objects;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * Where a cell's DKMS works. The DKMS and source trees live under {@code work}, on the container's {@code /tmp}
 * tmpfs: the root filesystem is read-only, and a build that floods its tree hits the tmpfs cap, not the host's
 * disk. The install tree is the image's, where the kernel's headers are.
 *
 * @param work        holds {@code tree} (DKMS's {@code $dkms_tree}) and {@code src} ({@code $source_tree})
 * @param installTree DKMS's {@code $install_tree}
 */
record CellPaths(Path work, Path installTree) {
    /** A cell in a builder container. */
    static final CellPaths CONTAINER = new CellPaths(Path.of("/tmp/kmodfarm"), Path.of("/lib/modules"));

    CellPaths {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(installTree, "installTree");
    }

    TreeRoots roots() {
        return new TreeRoots(work.resolve("tree").toString(), work.resolve("src").toString(), installTree.toString());
    }

    /** The kernel's config, which decides the modules' compression in a cell ({@link DkmsProfile#FARM}). */
    Path kernelConfig(String kernel) {
        return installTree.resolve(kernel).resolve("build/.config");
    }
}
