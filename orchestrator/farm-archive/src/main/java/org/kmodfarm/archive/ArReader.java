package org.kmodfarm.archive;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;

/**
 * Reads the members of a Unix {@code ar} archive, the container of a Debian package ({@code debian-binary},
 * {@code control.tar.*}, {@code data.tar.*}). Streams: members are never all held in memory.
 * Stateless and thread-safe; the caller owns and closes the input streams it passes in.
 */
public final class ArReader {
    /** The first bytes of every ar archive. */
    private static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);

    private ArReader() {
    }

    /** Reads one member's content; the stream is valid only during the call and must not be closed. */
    @FunctionalInterface
    public interface MemberReader<T> {
        T read(String name, InputStream content) throws IOException;
    }

    /** Whether {@code head} (the file's first bytes) starts like an ar archive. */
    public static boolean hasMagic(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The member names in archive order. */
    public static List<String> names(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        ArArchiveInputStream ar = open(in);
        ArArchiveEntry e;
        while ((e = ar.getNextEntry()) != null) {
            names.add(name(e));
        }
        return names;
    }

    /**
     * Hands the first member whose name {@code wanted} accepts to {@code reader}.
     *
     * @return what the reader returned; empty when no member matched
     * @throws IOException when {@code in} is not an ar archive or is truncated, or the reader fails
     */
    public static <T> Optional<T> read(InputStream in, Predicate<String> wanted, MemberReader<T> reader)
            throws IOException {
        ArArchiveInputStream ar = open(in);
        ArArchiveEntry e;
        while ((e = ar.getNextEntry()) != null) {
            if (wanted.test(name(e))) {
                return Optional.of(reader.read(name(e), new NonClosing(ar)));
            }
        }
        return Optional.empty();
    }

    private static ArArchiveInputStream open(InputStream in) throws IOException {
        // commons-compress reports a missing signature only on the first getNextEntry, as a generic message.
        byte[] head = in.readNBytes(MAGIC.length);
        if (!hasMagic(head)) {
            throw new IOException("not an ar archive (no '!<arch>' signature)");
        }
        return new ArArchiveInputStream(new SequenceInputStream(new ByteArrayInputStream(head), in));
    }

    /** GNU ar ends names with '/'; dpkg does not, but tools that rebuild .debs may. */
    private static String name(ArArchiveEntry e) {
        String n = e.getName();
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    /** Keeps a reader from closing the archive stream under the iteration. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the archive stream belongs to ArReader's caller
        }
    }
}
