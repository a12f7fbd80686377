package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * DKMS's {@code cp -fprT from/ to}: a recursive copy keeping modes, owners and times, symlinks copied as
 * symlinks, existing files overwritten. When {@code to} does not exist yet the copy is made under a hidden
 * sibling name and renamed into place, so no one ever sees a half-copied source tree.
 */
final class SourceCopy {
    private SourceCopy() {
    }

    static void copy(Path from, Path to) throws IOException {
        if (Files.isDirectory(to)) {
            copyInto(from, to);
            return;
        }
        Files.createDirectories(to.getParent());
        Path temp = to.resolveSibling("." + to.getFileName() + ".kmodfarm-" + UUID.randomUUID());
        copyInto(from, temp);
        Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyInto(Path from, Path to) throws IOException {
        Deque<Path[]> directoryTimes = new ArrayDeque<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                directoryTimes.push(new Path[] {dir, target});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
        // Copying files into a directory changes its mtime; cp -p sets directories' times last, so do we.
        while (!directoryTimes.isEmpty()) {
            Path[] pair = directoryTimes.pop();
            FileTime mtime = Files.getLastModifiedTime(pair[0], LinkOption.NOFOLLOW_LINKS);
            Files.setLastModifiedTime(pair[1], mtime);
        }
    }
}
