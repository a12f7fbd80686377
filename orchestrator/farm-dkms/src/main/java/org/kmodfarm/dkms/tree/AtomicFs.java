package org.kmodfarm.dkms.tree;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/** File operations of the trees whose effect a concurrent reader sees all at once: build aside, then rename. */
public final class AtomicFs {
    private AtomicFs() {
    }

    /** Makes {@code link} a symlink to {@code target}, replacing whatever was there in one rename. */
    public static void symlink(Path link, Path target) throws IOException {
        Path temp = link.resolveSibling(".kmodfarm-tmp-" + UUID.randomUUID());
        Files.createSymbolicLink(temp, target);
        try {
            Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Deletes {@code path} and everything under it (never following links): it first disappears from its
     * directory in one rename to a hidden name, then the hidden copy is deleted. A missing path is no error.
     */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path trash = path.resolveSibling(".kmodfarm-trash-" + UUID.randomUUID());
        try {
            Files.move(path, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        deleteRecursively(trash);
    }

    /** Deletes a tree in place, bottom up, never following links. */
    static void deleteRecursively(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
