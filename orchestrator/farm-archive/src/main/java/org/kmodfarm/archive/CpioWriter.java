package org.kmodfarm.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes a {@code newc} cpio archive in memory, the payload format of RPM packages: regular files and
 * symbolic links owned by 0:0, one modification time, inode numbers as given (RPM's header names the same
 * ones). Entries keep the order they were added in: RPM expects its header's file order. Not thread-safe.
 */
public final class CpioWriter {
    private record Entry(String name, byte[] content, int mode, int inode) {
    }

    private final long mtimeSeconds;
    private final List<Entry> entries = new ArrayList<>();

    public CpioWriter(Instant mtime) {
        this.mtimeSeconds = mtime.getEpochSecond();
    }

    /**
     * A regular file, or a symbolic link whose content is its target.
     *
     * @param mode  the full mode, type bits included ({@code 0100644}, {@code 0120777})
     * @param inode a number unique within the archive, greater than 0
     */
    public CpioWriter entry(String name, byte[] content, int mode, int inode) {
        entries.add(new Entry(name, content.clone(), mode, inode));
        return this;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW)) {
            for (Entry e : entries) {
                CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.name(), e.content().length);
                entry.setMode(e.mode());
                entry.setUID(0);
                entry.setGID(0);
                entry.setNumberOfLinks(1);
                entry.setTime(mtimeSeconds);
                entry.setInode(e.inode());
                entry.setDeviceMaj(0);
                entry.setDeviceMin(1);
                cpio.putArchiveEntry(entry);
                cpio.write(e.content());
                cpio.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a cpio archive in memory", e);
        }
        return bytes.toByteArray();
    }
}
