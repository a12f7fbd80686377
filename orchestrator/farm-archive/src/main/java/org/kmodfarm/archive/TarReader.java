package org.kmodfarm.archive;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads the regular files of a tar archive, refusing names that would escape a directory. */
public final class TarReader {
    private TarReader() {
    }

    /** Receives one regular file; {@code content} is valid only during the call and must not be closed. */
    @FunctionalInterface
    public interface FileVisitor {
        void visit(String name, InputStream content) throws IOException;
    }

    /** Regular files by entry name (sorted); directories and links are left out. */
    public static Map<String, byte[]> files(byte[] tar) throws IOException {
        return files(new ByteArrayInputStream(tar));
    }

    public static Map<String, byte[]> files(InputStream in) throws IOException {
        return files(in, name -> true);
    }

    /**
     * The regular files whose name (without a leading {@code ./}) {@code wanted} accepts; the others are skipped
     * unread, so one small file can be taken out of a large archive without holding the rest in memory.
     */
    public static Map<String, byte[]> files(InputStream in, Predicate<String> wanted) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        each(in, (name, content) -> {
            if (wanted.test(name)) {
                files.put(name, content.readAllBytes());
            }
        });
        return files;
    }

    /**
     * Hands every regular file, in archive order, to {@code visitor}, named without a leading {@code ./}: one at a
     * time, so archives larger than memory can be read. The caller owns {@code in}.
     */
    public static void each(InputStream in, FileVisitor visitor) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = e.getName();
            if (name.startsWith("/") || name.equals("..") || name.startsWith("../") || name.contains("/../")) {
                throw new IOException("unsafe entry in tar: '" + name + "'");
            }
            if (e.isFile()) {
                visitor.visit(name.startsWith("./") ? name.substring(2) : name, new NonClosing(tar));
            }
        }
    }

    /** Keeps a visitor from closing the archive stream under the iteration. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the archive stream belongs to TarReader's caller
        }
    }
}
