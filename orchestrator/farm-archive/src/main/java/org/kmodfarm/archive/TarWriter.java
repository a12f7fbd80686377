package org.kmodfarm.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes reproducible tar archives in memory: entries sorted by name, owned by 0:0 (root/root), with one
 * modification time (fixed, or given), so the same input gives the same bytes (and the same cache keys).
 * Not thread-safe.
 */
public final class TarWriter {
    /** 2000-01-01T00:00:00Z: kbuild warns about files dated in the future or at the epoch. */
    private static final long FIXED_MTIME_MS = 946_684_800_000L;

    private record Entry(byte[] content, int mode, boolean directory, String linkTarget) {
    }

    private final SortedMap<String, Entry> entries = new TreeMap<>();
    private final long mtimeMs;

    /** Every entry dated 2000-01-01T00:00:00Z. */
    public TarWriter() {
        this(Instant.ofEpochMilli(FIXED_MTIME_MS));
    }

    /** Every entry dated {@code mtime} (whole seconds: tar keeps no fraction), e.g. {@code SOURCE_DATE_EPOCH}. */
    public TarWriter(Instant mtime) {
        this.mtimeMs = mtime.getEpochSecond() * 1000;
    }

    public TarWriter file(String name, byte[] content, int mode) {
        entries.put(normalise(name), new Entry(content.clone(), mode, false, null));
        return this;
    }

    public TarWriter file(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    public TarWriter directory(String name, int mode) {
        entries.put(normalise(name) + "/", new Entry(new byte[0], mode, true, null));
        return this;
    }

    /** A symbolic link (mode 0777, as links are shown), stored as given, never resolved. */
    public TarWriter symlink(String name, String target) {
        entries.put(normalise(name), new Entry(new byte[0], 0777, false, target));
        return this;
    }

    /**
     * Adds a directory tree from disk under {@code prefix}; executables keep 0755, others get 0644.
     * Symbolic links are stored as links, never followed.
     */
    public TarWriter tree(Path root, String prefix) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            for (Path p : paths) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                String name = rel.isEmpty() ? prefix : prefix + "/" + rel;
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    symlink(name, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    directory(name, 0755);
                } else {
                    file(name, Files.readAllBytes(p), Files.isExecutable(p) ? 0755 : 0644);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return this;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (var e : entries.entrySet()) {
                tar.putArchiveEntry(toEntry(e.getKey(), e.getValue()));
                if (!e.getValue().directory() && e.getValue().linkTarget() == null) {
                    tar.write(e.getValue().content());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a tar in memory", e);
        }
        return bytes.toByteArray();
    }

    private TarArchiveEntry toEntry(String name, Entry e) {
        TarArchiveEntry entry;
        if (e.linkTarget() != null) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(e.linkTarget());
        } else {
            entry = new TarArchiveEntry(name);
            entry.setSize(e.directory() ? 0 : e.content().length);
        }
        entry.setMode((e.directory() ? 040000 : e.linkTarget() != null ? 0120000 : 0100000) | e.mode());
        entry.setIds(0, 0);
        entry.setNames("root", "root");
        entry.setModTime(mtimeMs);
        return entry;
    }

    private static String normalise(String name) {
        String n = name.replace('\\', '/');
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.equals("..") || n.startsWith("../") || n.contains("/../")) {
            throw new IllegalArgumentException("unsafe tar entry name: '" + name + "'");
        }
        return n;
    }
}
