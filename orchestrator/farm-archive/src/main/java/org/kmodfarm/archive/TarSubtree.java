package org.kmodfarm.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Re-roots a tar archive at one of its directories: what a container engine returns when asked for a
 * directory ({@code out/…}) becomes an archive of paths relative to that directory ({@code …}).
 */
public final class TarSubtree {
    private TarSubtree() {
    }

    /** An archive with no entries. */
    public static byte[] empty() {
        return new TarWriter().toBytes();
    }

    /**
     * Copies the entries below {@code directory} with that prefix removed, keeping their type, mode,
     * owner, time and content. The directory's own entry and everything outside it are left out, as are
     * hard links whose target lies outside it (they could not be resolved). Names that would escape
     * (absolute, {@code ..}) are refused: the archive may come from an untrusted build.
     *
     * @param tar       an uncompressed tar stream, read to its end, not closed
     * @param directory the top directory's name, without slashes ({@code out})
     * @throws IOException when the stream is not a tar or holds an unsafe name
     */
    public static byte[] of(InputStream tar, String directory) throws IOException {
        String prefix = directory + "/";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = relative(safe(e.getName()), prefix);
                if (name == null || name.isEmpty()) {
                    continue;
                }
                if (e.isLink()) {
                    String target = relative(safe(e.getLinkName()), prefix);
                    if (target == null || target.isEmpty()) {
                        continue;
                    }
                    e.setLinkName(target);
                }
                e.setName(name);
                out.putArchiveEntry(e);
                if (e.isFile()) {
                    in.transferTo(out);
                }
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String relative(String name, String prefix) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        return n.startsWith(prefix) ? n.substring(prefix.length()) : null;
    }

    private static String safe(String name) throws IOException {
        if (name.startsWith("/") || name.equals("..") || name.startsWith("../") || name.contains("/../")
                || name.endsWith("/..")) {
            throw new IOException("unsafe entry in tar: '" + name + "'");
        }
        return name;
    }
}
