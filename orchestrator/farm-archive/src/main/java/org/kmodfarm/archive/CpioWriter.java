package org.kmodfarm.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes reproducible cpio archives in the {@code newc} format, the one the Linux kernel unpacks as an
 * initramfs: entries sorted by name (so a directory precedes what it holds), owned by 0:0, one fixed
 * modification time. Not thread-safe.
 */
public final class CpioWriter {
    /** 2000-01-01T00:00:00Z, as for tar: the same input gives the same bytes. */
    private static final long FIXED_MTIME_S = 946_684_800L;

    private record Entry(byte[] content, long type, int mode, int major, int minor) {
        Entry(byte[] content, long type, int mode) {
            this(content, type, mode, 0, 0);
        }
    }

    private final SortedMap<String, Entry> entries = new TreeMap<>();

    /** A regular file; {@code mode} is its permission bits, e.g. {@code 0755}. */
    public CpioWriter file(String name, byte[] content, int mode) {
        entries.put(normalise(name), new Entry(content.clone(), CpioConstants.C_ISREG, mode));
        return this;
    }

    public CpioWriter directory(String name, int mode) {
        entries.put(normalise(name), new Entry(new byte[0], CpioConstants.C_ISDIR, mode));
        return this;
    }

    /** A symbolic link to {@code target} (stored as the link's content, as cpio does). */
    public CpioWriter symlink(String name, String target) {
        entries.put(normalise(name), new Entry(target.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                CpioConstants.C_ISLNK, 0777));
        return this;
    }

    /** A character device node, e.g. {@code dev/console} (5, 1), which the kernel opens for init's output. */
    public CpioWriter charDevice(String name, int mode, int major, int minor) {
        entries.put(normalise(name), new Entry(new byte[0], CpioConstants.C_ISCHR, mode, major, minor));
        return this;
    }

    /** The archive, ending with cpio's {@code TRAILER!!!} entry. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW)) {
            long inode = 1;
            for (var e : entries.entrySet()) {
                CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.getKey());
                entry.setMode(e.getValue().type() | e.getValue().mode());
                entry.setSize(e.getValue().content().length);
                entry.setTime(FIXED_MTIME_S);
                entry.setUID(0);
                entry.setGID(0);
                entry.setNumberOfLinks(e.getValue().type() == CpioConstants.C_ISDIR ? 2 : 1);
                // the kernel links entries with the same inode number as hard links: each needs its own
                entry.setInode(inode++);
                entry.setRemoteDeviceMaj(e.getValue().major());
                entry.setRemoteDeviceMin(e.getValue().minor());
                cpio.putArchiveEntry(entry);
                cpio.write(e.getValue().content());
                cpio.closeArchiveEntry();
            }
            cpio.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("writing cpio to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** cpio names are relative: {@code /init} and {@code ./init} both become {@code init}. */
    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("/") || n.startsWith("./")) {
            n = n.substring(n.startsWith("/") ? 1 : 2);
        }
        if (n.isEmpty() || n.equals("..") || n.startsWith("../") || n.contains("/../") || n.endsWith("/")) {
            throw new IllegalArgumentException("not a cpio entry name: '" + name + "'");
        }
        return n;
    }
}
