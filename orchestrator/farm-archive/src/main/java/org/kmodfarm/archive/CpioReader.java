package org.kmodfarm.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/** Reads a {@code newc} cpio archive back, for checks of what {@link CpioWriter} produced. Stateless. */
public final class CpioReader {
    private CpioReader() {
    }

    /** One entry: its type and permission bits ({@code 0100755}) and content (a link's target for links). */
    public record Entry(long mode, byte[] content) {
        public boolean directory() {
            return (mode & CpioConstants.S_IFMT) == CpioConstants.C_ISDIR;
        }

        public boolean symlink() {
            return (mode & CpioConstants.S_IFMT) == CpioConstants.C_ISLNK;
        }
    }

    /** Every entry by name, in name order. */
    public static Map<String, Entry> entries(byte[] archive) throws IOException {
        Map<String, Entry> all = new TreeMap<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(archive))) {
            CpioArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                all.put(e.getName(), new Entry(e.getMode(), in.readAllBytes()));
            }
        }
        return all;
    }
}
