package org.kmodfarm.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Extracts one directory of an untrusted tar archive to disk. Every entry name in the archive is checked
 * (absolute names and {@code ..} are refused even outside the directory: such an archive is hostile).
 * Below the directory, only regular files, directories and links are written; files keep their exec bit
 * and get 0755 or 0644, directories 0755 (owners, times and other mode bits are dropped: they would make
 * the tree machine-dependent). Symbolic links are kept as links when they stay inside the destination;
 * hard links become copies. Stateless and thread-safe.
 */
public final class TarExtractor {
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");

    private TarExtractor() {
    }

    private record Symlink(String entry, Path path, String target) {
    }

    /**
     * Writes the entries below {@code directory} into {@code destination}, that prefix removed.
     *
     * @param tar         an uncompressed tar stream, read to its end, not closed
     * @param directory   the directory inside the archive, without slashes ({@code dkms_source_tree},
     *                    {@code usr/src}); {@code ""} for the whole archive
     * @param destination an existing, empty directory
     * @return every entry name of the archive, normalised ({@code ./a/} becomes {@code a}), in archive order:
     *         callers inspect it for markers and for what the archive holds outside {@code directory}
     * @throws UnsafeEntryException when an entry could escape or is a device, FIFO or unknown type
     * @throws IOException          when the stream is not a tar or is truncated; {@code destination} then
     *                              holds a partial tree the caller discards
     */
    public static List<String> extract(InputStream tar, String directory, Path destination) throws IOException {
        Path root = destination.toAbsolutePath().normalize();
        List<String> names = new ArrayList<>();
        // Links are made last, so no file is ever written through a link an earlier entry planted.
        List<Symlink> symlinks = new ArrayList<>();
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry e;
        while ((e = in.getNextEntry()) != null) {
            String name = normalise(e.getName());
            names.add(name);
            String rel = below(name, directory);
            if (rel == null || rel.isEmpty()) {
                continue;
            }
            Path path = root.resolve(rel);
            if (e.isSymbolicLink()) {
                symlinks.add(new Symlink(e.getName(), path, checkedTarget(e, root, path)));
            } else if (e.isLink()) {
                copyHardLink(e, directory, root, path);
            } else if (e.isDirectory()) {
                Files.createDirectories(path);
                Files.setPosixFilePermissions(path, EXECUTABLE);
            } else if (isRegular(e)) {
                Files.createDirectories(path.getParent());
                try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    in.transferTo(out);
                }
                Files.setPosixFilePermissions(path, (e.getMode() & 0111) != 0 ? EXECUTABLE : PLAIN);
            } else {
                throw new UnsafeEntryException(e.getName(), "only files, directories and links are extracted, "
                        + "not devices, FIFOs or type '" + (char) e.getLinkFlag() + "'");
            }
        }
        makeSymlinks(symlinks, root);
        return names;
    }

    /** Drops {@code .} and empty components; refuses absolute names and {@code ..}. */
    static String normalise(String name) throws UnsafeEntryException {
        if (name.startsWith("/")) {
            throw new UnsafeEntryException(name, "absolute name");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeEntryException(name, "'..' in the name");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static String below(String name, String directory) {
        if (directory.isEmpty() || name.equals(directory)) {
            return directory.isEmpty() ? name : "";
        }
        return name.startsWith(directory + "/") ? name.substring(directory.length() + 1) : null;
    }

    private static boolean isRegular(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private static String checkedTarget(TarArchiveEntry e, Path root, Path path) throws UnsafeEntryException {
        String target = e.getLinkName();
        if (target.isEmpty() || target.startsWith("/")) {
            throw new UnsafeEntryException(e.getName(), "symbolic link to '" + target + "' outside the tree");
        }
        if (!path.getParent().resolve(target).normalize().startsWith(root)) {
            throw new UnsafeEntryException(e.getName(), "symbolic link to '" + target + "' leaves the tree");
        }
        return target;
    }

    private static void copyHardLink(TarArchiveEntry e, String directory, Path root, Path path) throws IOException {
        String target = below(normalise(e.getLinkName()), directory);
        Path source = target == null || target.isEmpty() ? null : root.resolve(target);
        if (source == null || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeEntryException(e.getName(), "hard link to '" + e.getLinkName()
                    + "', which is not a file extracted before it");
        }
        Files.createDirectories(path.getParent());
        Files.copy(source, path, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }

    private static void makeSymlinks(List<Symlink> symlinks, Path root) throws IOException {
        for (Symlink s : symlinks) {
            for (Path p = s.path().getParent(); !p.equals(root); p = p.getParent()) {
                if (Files.isSymbolicLink(p)) {
                    throw new UnsafeEntryException(s.entry(), "placed below the symbolic link " + root.relativize(p));
                }
            }
            if (Files.exists(s.path(), LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeEntryException(s.entry(),
                        "a symbolic link where the archive also has a file or directory");
            }
            Files.createDirectories(s.path().getParent());
            Files.createSymbolicLink(s.path(), Path.of(s.target()));
        }
        // A chain of links can leave the tree although each one looks inside on its own (a -> ., b -> a/..).
        Path realRoot = root.toRealPath();
        for (Symlink s : symlinks) {
            if (Files.exists(s.path()) && !s.path().toRealPath().startsWith(realRoot)) {
                throw new UnsafeEntryException(s.entry(), "symbolic link to '" + s.target()
                        + "' leaves the tree through another link");
            }
        }
    }
}
