package org.kmodfarm.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Extracts each archive once, to {@code root/<sha256 of the archive's bytes>}. Extraction goes to a hidden
 * temporary directory beside it, renamed into place only when complete and checked, so a directory under its
 * final name is always whole and a re-run (or a concurrent run) reuses it. A crash leaves at most a
 * {@code .<sha256>-*} directory behind, which nothing reads.
 */
final class ExtractionCache {
    private ExtractionCache() {
    }

    /** Fills an empty directory from the archive; throws to leave nothing behind. */
    @FunctionalInterface
    interface Extraction {
        void into(Path directory) throws IOException;
    }

    /** The hex sha256 of a file's bytes, read in a stream. */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = TreeHash.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The directory for {@code key}, extracted now unless an earlier run already did.
     *
     * @throws IOException whatever {@code extraction} throws, or a failure of the file system under {@code root}
     */
    static Path extract(Path root, String key, Extraction extraction) throws IOException {
        Path target = root.toAbsolutePath().resolve(key);
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "." + key + "-");
        try {
            extraction.into(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // another run finished the same extraction first; its copy is as good as ours
                deleteTree(tmp);
            }
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return target;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
