package org.kmodfarm.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;

/**
 * Writes a Unix {@code ar} archive in memory, the container of a Debian package. Members keep the order they
 * were added in (dpkg requires {@code debian-binary} first), are owned by 0:0 with mode 0644 and carry one
 * given modification time, so the same members give the same bytes. Not thread-safe.
 */
public final class ArWriter {
    /** dpkg and the common ar format store names of at most 16 characters without an extension table. */
    private static final int MAX_NAME = 16;

    private record Member(String name, byte[] content) {
    }

    private final Instant mtime;
    private final List<Member> members = new ArrayList<>();

    /** @param mtime every member's modification time, whole seconds (the fraction is dropped) */
    public ArWriter(Instant mtime) {
        this.mtime = mtime;
    }

    /**
     * Appends a member.
     *
     * @throws IllegalArgumentException when the name is empty, longer than 16 characters or holds a '/' or space
     */
    public ArWriter member(String name, byte[] content) {
        if (name.isEmpty() || name.length() > MAX_NAME || name.contains("/") || name.contains(" ")) {
            throw new IllegalArgumentException("ar member name must be 1-16 characters without '/' or spaces: '"
                    + name + "'");
        }
        members.add(new Member(name, content.clone()));
        return this;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            for (Member m : members) {
                ar.putArchiveEntry(new ArArchiveEntry(m.name(), m.content().length, 0, 0, 0100644,
                        mtime.getEpochSecond()));
                ar.write(m.content());
                ar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an ar archive in memory", e);
        }
        return bytes.toByteArray();
    }
}
