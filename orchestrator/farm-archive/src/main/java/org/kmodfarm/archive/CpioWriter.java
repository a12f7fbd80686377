package org.kmodfarm.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes reproducible cpio archives in the {@code newc} format: the one the Linux kernel unpacks as an
 * initramfs, and RPM's payload. Entries come out sorted by name (a directory precedes what it holds; RPM's
 * header lists its files in the same order), owned by 0:0, with one modification time. Not thread-safe.
 */
public final class CpioWriter {
    /** 2000-01-01T00:00:00Z, as for tar: the same input gives the same bytes. */
    public static final Instant FIXED_MTIME = Instant.ofEpochSecond(946_684_800L);

    private record Entry(byte[] content, int mode, long inode, int major, int minor) {
    }

    private final long mtimeSeconds;
    private final SortedMap<String, Entry> entries = new TreeMap<>();
    private long nextInode = 1;

    /** Entries dated {@link #FIXED_MTIME}. */
    public CpioWriter() {
        this(FIXED_MTIME);
    }

    public CpioWriter(Instant mtime) {
        this.mtimeSeconds = mtime.getEpochSecond();
    }

    /** A regular file; {@code mode} is its permission bits, e.g. {@code 0755}. */
    public CpioWriter file(String name, byte[] content, int mode) {
        return add(normalise(name), content, (int) CpioConstants.C_ISREG | mode, 0, 0);
    }

    public CpioWriter directory(String name, int mode) {
        return add(normalise(name), new byte[0], (int) CpioConstants.C_ISDIR | mode, 0, 0);
    }

    /** A symbolic link to {@code target} (stored as the link's content, as cpio does). */
    public CpioWriter symlink(String name, String target) {
        return add(normalise(name), target.getBytes(StandardCharsets.UTF_8), (int) CpioConstants.C_ISLNK | 0777, 0,
                0);
    }

    /** A character device node, e.g. {@code dev/console} (5, 1), which the kernel opens for init's output. */
    public CpioWriter charDevice(String name, int mode, int major, int minor) {
        return add(normalise(name), new byte[0], (int) CpioConstants.C_ISCHR | mode, major, minor);
    }

    /**
     * An entry named exactly {@code name} (RPM's payload names start with {@code ./}) with the inode number
     * the package's header gives it.
     *
     * @param mode  the full mode, type bits included ({@code 0100644}, {@code 0120777})
     * @param inode a number unique within the archive, greater than 0
     */
    public CpioWriter entry(String name, byte[] content, int mode, int inode) {
        entries.put(name, new Entry(content.clone(), mode, inode, 0, 0));
        return this;
    }

    private CpioWriter add(String name, byte[] content, int mode, int major, int minor) {
        // the kernel links entries with the same inode number as hard links: each needs its own
        entries.put(name, new Entry(content.clone(), mode, nextInode++, major, minor));
        return this;
    }

    /** The archive, ending with cpio's {@code TRAILER!!!} entry. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW)) {
            for (var e : entries.entrySet()) {
                Entry v = e.getValue();
                CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.getKey());
                entry.setMode(v.mode());
                entry.setSize(v.content().length);
                entry.setTime(mtimeSeconds);
                entry.setUID(0);
                entry.setGID(0);
                entry.setNumberOfLinks((v.mode() & CpioConstants.S_IFMT) == CpioConstants.C_ISDIR ? 2 : 1);
                entry.setInode(v.inode());
                entry.setDeviceMaj(0);
                entry.setDeviceMin(1);
                entry.setRemoteDeviceMaj(v.major());
                entry.setRemoteDeviceMin(v.minor());
                cpio.putArchiveEntry(entry);
                cpio.write(v.content());
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
