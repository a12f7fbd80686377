package org.kmodfarm.dkms.tree;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Puts a built directory that comes from elsewhere (a DKMS tarball) into a dkms tree, as {@code ldtarball}
 * does with {@code rm -rf; mkdir -p; cp -rf}. The copy is made in a staging directory next to the target,
 * named like the build's ({@code <kernel>/.tmp_<arch>_…}, which {@code remove} cleans up when a run dies
 * half-way), and renamed into place: a reader never sees a half-copied module directory. The caller holds
 * the tree's writer lock. Stateless.
 */
public final class BuiltDirs {
    private BuiltDirs() {
    }

    /**
     * Replaces {@code <m>/<v>/<kernel>/<arch>} with a copy of {@code from}'s contents (files, directories and
     * symbolic links, the links copied as links; times and owners are the copy's, as with {@code cp -rf}).
     */
    public static void replace(TreeRoots roots, ModuleVersion mv, KernelArch target, Path from) throws IOException {
        Path built = Path.of(roots.builtDir(mv, target));
        Path kernelDir = built.getParent();
        Files.createDirectories(kernelDir);
        Path staging = kernelDir.resolve(".tmp_" + target.arch() + "_" + UUID.randomUUID().toString()
                .substring(0, 8));
        try {
            copy(from, staging);
            AtomicFs.deleteTree(built);
            Files.move(staging, built, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFs.deleteRecursively(staging);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS,
                        StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
