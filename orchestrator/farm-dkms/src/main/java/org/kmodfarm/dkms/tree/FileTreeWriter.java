package org.kmodfarm.dkms.tree;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.kmodfarm.core.io.TreeLock;

/** {@link TreeWriter} of a {@link FileDkmsTree}; owns the {@link TreeLock} it is given. */
final class FileTreeWriter implements TreeWriter {
    // remove keeps a version whose directories are only these (DKMS's grep -Eqv "(build|…|source)$").
    private static final List<String> NOT_KERNELS = List.of("build", "tarball", "driver_disk", "rpm", "deb",
            "source");

    private final TreeRoots roots;
    private final TreeLock lock;

    FileTreeWriter(TreeRoots roots, TreeLock lock) {
        this.roots = roots;
        this.lock = lock;
    }

    @Override
    public void add(ModuleVersion mv) throws IOException {
        Path dir = Path.of(roots.versionDir(mv));
        Files.createDirectories(dir.resolve("build"));
        AtomicFs.symlink(dir.resolve("source"), Path.of(roots.sourceDir(mv)));
    }

    @Override
    public void unbuild(ModuleVersion mv, KernelArch target) throws IOException {
        AtomicFs.deleteTree(Path.of(roots.builtDir(mv, target)));
        Path kernelDir = Path.of(roots.versionDir(mv), target.kernel());
        boolean anyDir = FileDkmsTree.visibleNames(kernelDir).stream()
                .anyMatch(name -> Files.isDirectory(kernelDir.resolve(name), LinkOption.NOFOLLOW_LINKS));
        if (!anyDir) {
            AtomicFs.deleteTree(kernelDir);
        }
    }

    @Override
    public void cleanLeftovers(ModuleVersion mv) throws IOException {
        Path dir = Path.of(roots.versionDir(mv));
        for (String child : FileDkmsTree.visibleNames(dir)) {
            Path childDir = dir.resolve(child);
            if (!Files.isDirectory(childDir)) {
                continue;
            }
            try (DirectoryStream<Path> staging = Files.newDirectoryStream(childDir, ".tmp_*")) {
                for (Path leftover : staging) {
                    AtomicFs.deleteTree(leftover);
                }
            }
        }
        for (String child : FileDkmsTree.visibleNames(dir)) {
            Path childDir = dir.resolve(child);
            if (Files.isDirectory(childDir, LinkOption.NOFOLLOW_LINKS) && isEmpty(childDir)) {
                Files.delete(childDir);
            }
        }
    }

    @Override
    public boolean removeIfUnused(ModuleVersion mv) throws IOException {
        Path dir = Path.of(roots.versionDir(mv));
        boolean kernelsLeft = FileDkmsTree.visibleNames(dir).stream()
                .filter(name -> Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS))
                .anyMatch(name -> NOT_KERNELS.stream().noneMatch(name::endsWith));
        if (kernelsLeft) {
            return false;
        }
        AtomicFs.deleteTree(dir);
        Path moduleDir = dir.getParent();
        if (FileDkmsTree.visibleNames(moduleDir).isEmpty() && Files.isDirectory(moduleDir)) {
            AtomicFs.deleteTree(moduleDir);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
