package org.kmodfarm.dkms.tree;

import java.io.IOException;

/**
 * The changes DKMS's add, unbuild and remove make to a dkms tree, each atomic as far as a reader can tell:
 * a reader sees a link or directory either before or after the change, never half made or half deleted.
 * Holds the tree's writer lock until {@link #close()}. Not thread-safe: one writer, one thread.
 */
public interface TreeWriter extends AutoCloseable {
    /**
     * {@code add}'s effect: {@code <m>/<v>/build} is created and {@code <m>/<v>/source} becomes a symlink to
     * {@code $source_tree/<m>-<v>}.
     */
    void add(ModuleVersion mv) throws IOException;

    /**
     * DKMS's {@code do_unbuild}: deletes {@code <m>/<v>/<kernel>/<arch>}, then the kernel directory when no
     * visible directory remains in it.
     */
    void unbuild(ModuleVersion mv, KernelArch target) throws IOException;

    /**
     * {@code remove}'s first step: deletes leftover build staging directories ({@code <m>/<v>/&#42;/.tmp_*})
     * and the empty directories directly under {@code <m>/<v>} (including an empty {@code build/}).
     */
    void cleanLeftovers(ModuleVersion mv) throws IOException;

    /**
     * {@code remove}'s last step: deletes {@code <m>/<v>} when it holds no directory except build, source and
     * packaging ones, then {@code <m>} when nothing visible remains in it.
     *
     * @return whether {@code <m>/<v>} was deleted (DKMS then says "Deleting module … completely")
     */
    boolean removeIfUnused(ModuleVersion mv) throws IOException;

    /** Releases the writer lock. */
    @Override
    void close() throws IOException;
}
