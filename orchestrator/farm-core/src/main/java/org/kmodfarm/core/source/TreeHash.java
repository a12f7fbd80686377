package org.kmodfarm.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sha256 of a directory tree's content, for cache keys and result records. It covers, in order of
 * relative path ({@code /}-separated), each entry's type, path, exec bit (owner's), file bytes and
 * symbolic-link target; not times, owners or other mode bits, which differ between machines and checkouts
 * without changing what gets built. Every field is length-prefixed, so no two trees share an encoding.
 * Links are never followed. Stateless and thread-safe.
 */
public final class TreeHash {
    private TreeHash() {
    }

    /**
     * @throws IOException when the tree cannot be read or holds something other than files, directories
     *                     and symbolic links (a FIFO, a socket, a device)
     */
    public static String of(Path directory) throws IOException {
        // The walk does not follow links, so a root that is a link would hash as an empty tree.
        Path root = directory.toRealPath();
        MessageDigest sha = sha256();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root))
                    .sorted((a, b) -> relative(root, a).compareTo(relative(root, b))).toList();
        }
        for (Path p : paths) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            byte[] name = relative(root, p).getBytes(StandardCharsets.UTF_8);
            if (a.isSymbolicLink()) {
                field(sha, 'l', name);
                field(sha, Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
            } else if (a.isDirectory()) {
                field(sha, 'd', name);
            } else if (a.isRegularFile()) {
                field(sha, a.permissions().contains(PosixFilePermission.OWNER_EXECUTE) ? 'x' : 'f', name);
                sha.update(longBytes(a.size()));
                try (InputStream in = new DigestInputStream(Files.newInputStream(p), sha)) {
                    // A file that changes size while read would make the length prefix lie; a hash then
                    // differs from every honest one anyway.
                    in.transferTo(OutputStream.nullOutputStream());
                }
            } else {
                throw new IOException(p + " is neither a file, a directory nor a symbolic link");
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static void field(MessageDigest sha, char type, byte[] name) {
        sha.update((byte) type);
        field(sha, name);
    }

    private static void field(MessageDigest sha, byte[] bytes) {
        sha.update(longBytes(bytes.length));
        sha.update(bytes);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
