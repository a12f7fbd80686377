package org.kmodfarm.dkms.tree;

import java.io.IOException;
import java.util.List;

/**
 * DKMS's state, as the directory layout under a dkms tree encodes it (DKMS keeps no other database): which
 * module versions are added, and for which kernel/arch they are built and installed. Reads see the tree as
 * it is at the moment of the call; every change goes through a {@link TreeWriter}, which holds the tree's
 * writer lock, so that concurrent invocations never interleave their changes.
 *
 * <p>Arguments documented as "empty = any" follow DKMS's globs. Results are sorted as bash sorts a glob's
 * matches under the C locale. Implementations are safe for concurrent use.
 */
public interface DkmsTree {
    TreeRoots roots();

    /**
     * DKMS's {@code list_module_version_combos}: every directory {@code <module>/<version>} of the tree, except
     * the {@code kernel-K-A} links, sorted.
     *
     * @param module  empty = any
     * @param version empty = any
     */
    List<ModuleVersion> versions(String module, String version);

    /** {@code source} is a symlink to an existing directory. */
    boolean isAdded(ModuleVersion mv);

    /** {@code source} dangles, or is missing while {@code $source_tree/<m>-<v>} exists. */
    boolean isBroken(ModuleVersion mv);

    /** {@code <kernel>/<arch>/module} is a directory. */
    boolean isBuilt(ModuleVersion mv, KernelArch target);

    /** Built, and the module's {@code kernel-<kernel>-<arch>} link resolves to this version's built directory. */
    boolean isInstalled(ModuleVersion mv, KernelArch target);

    /**
     * DKMS's {@code module_status_built}: the kernel/arch pairs this version is built for, sorted.
     *
     * @param kernel empty = every directory named like a kernel release (digits, a dot, anything)
     * @param arch   empty = any
     */
    List<StatusEntry.Built> built(ModuleVersion mv, String kernel, String arch);

    /**
     * DKMS's {@code module_status}: broken, added or built entries of every matching version, in order. A
     * version built only for kernels other than {@code kernel} shows as added, as in DKMS.
     */
    List<StatusEntry> status(String module, String version, String kernel, String arch);

    /** {@code <module>/original_module/<kernel>/<arch>} exists: install displaced modules of the kernel. */
    boolean hasOriginalModules(String module, KernelArch target);

    /**
     * Takes the tree's writer lock, waiting for other writers (threads or processes) to finish. Reentrant: a
     * thread that already holds it gets another writer at once, and the lock is released when the outermost
     * writer closes (a verb holding it calls verbs that take it too).
     *
     * @throws IOException when the lock file cannot be created or locked
     */
    TreeWriter openWriter() throws IOException;
}
