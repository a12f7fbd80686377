package org.kmodfarm.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/** Reads the entries of a cpio archive (any of the formats GNU cpio writes) into memory. Stateless. */
public final class CpioReader {
    private CpioReader() {
    }

    /** One entry: its full mode (type bits included), inode number, and content (a link's target). */
    public record Entry(long mode, long inode, byte[] content) {
        public boolean directory() {
            return (mode & CpioConstants.S_IFMT) == CpioConstants.C_ISDIR;
        }

        public boolean symlink() {
            return (mode & CpioConstants.S_IFMT) == CpioConstants.C_ISLNK;
        }
    }

    /** Entries by name, in archive order; the stream is read to the trailer, not closed. */
    public static Map<String, Entry> entries(InputStream in) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        CpioArchiveInputStream cpio = new CpioArchiveInputStream(in);
        CpioArchiveEntry e;
        while ((e = cpio.getNextEntry()) != null) {
            entries.put(e.getName(), new Entry(e.getMode(), e.getInode(), cpio.readAllBytes()));
        }
        return entries;
    }

    /** {@link #entries(InputStream)} of an archive in memory. */
    public static Map<String, Entry> entries(byte[] archive) throws IOException {
        return entries(new ByteArrayInputStream(archive));
    }
}
