package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarExtractorTest {
    @TempDir
    Path tmp;

    /** Writes entries TarWriter would refuse to write (it checks names itself). */
    private static final class RawTar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

        RawTar file(String name, String content) throws IOException {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
            return this;
        }

        RawTar entry(String name, byte type, String linkName) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            if (linkName != null) {
                e.setLinkName(linkName);
            }
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            out.close();
            return bytes.toByteArray();
        }
    }

    private List<String> extract(byte[] tar, String directory) throws IOException {
        Path dest = Files.createDirectories(tmp.resolve("out"));
        return TarExtractor.extract(new ByteArrayInputStream(tar), directory, dest);
    }

    @Test
    void extractsOneDirectoryKeepingExecBitsAndInsideLinks() throws IOException {
        byte[] tar = new TarWriter().file("./src/dkms.conf", "PACKAGE_NAME=foo", 0600)
                .file("src/build.sh", "#!/bin/sh", 0700).file("src/sub/x.c", "int x;", 0644)
                .file("other/y", "y", 0644).toBytes();
        tar = concat(tar, new RawTar().entry("src/link.c", TarConstants.LF_SYMLINK, "sub/x.c").bytes());
        List<String> names = extract(tar, "src");
        Path out = tmp.resolve("out");
        assertTrue(names.containsAll(List.of("src/dkms.conf", "other/y")), names.toString());
        assertEquals("PACKAGE_NAME=foo", Files.readString(out.resolve("dkms.conf")));
        assertTrue(Files.isExecutable(out.resolve("build.sh")));
        assertFalse(Files.isExecutable(out.resolve("dkms.conf")));
        assertTrue(Files.isSymbolicLink(out.resolve("link.c")));
        assertEquals("int x;", Files.readString(out.resolve("link.c")));
        assertFalse(Files.exists(out.resolve("y")));
        assertFalse(Files.exists(tmp.resolve("other")));
    }

    /** Two archives' entries in one stream: a tar ends with zero blocks, which readers stop at. */
    private static byte[] concat(byte[] first, byte[] second) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(all)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (byte[] tar : List.of(first, second)) {
                TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar));
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    out.putArchiveEntry(e);
                    in.transferTo(out);
                    out.closeArchiveEntry();
                }
            }
        }
        return all.toByteArray();
    }

    @Test
    void refusesDotDotEvenOutsideTheDirectory() throws IOException {
        byte[] tar = new RawTar().file("src/ok", "x").file("../evil", "boom").bytes();
        UnsafeEntryException e = assertThrows(UnsafeEntryException.class, () -> extract(tar, "src"));
        assertEquals("../evil", e.entry());
        assertFalse(Files.exists(tmp.resolve("evil")));
    }

    @Test
    void refusesAbsoluteNames() throws IOException {
        byte[] tar = new RawTar().file("/etc/evil", "boom").bytes();
        assertThrows(UnsafeEntryException.class, () -> extract(tar, ""));
    }

    @Test
    void refusesSymlinksLeavingTheTree() throws IOException {
        for (String target : List.of("../../etc/passwd", "/etc/passwd", "../outside")) {
            byte[] tar = new RawTar().file("src/a", "a").entry("src/l", TarConstants.LF_SYMLINK, target).bytes();
            Path dest = Files.createDirectories(tmp.resolve(String.valueOf(target.hashCode())));
            assertThrows(UnsafeEntryException.class,
                    () -> TarExtractor.extract(new ByteArrayInputStream(tar), "src", dest), target);
        }
    }

    @Test
    void refusesAChainOfLinksLeavingTheTree() throws IOException {
        byte[] tar = new RawTar().entry("a", TarConstants.LF_SYMLINK, ".")
                .entry("b", TarConstants.LF_SYMLINK, "a/..").bytes();
        assertThrows(UnsafeEntryException.class, () -> extract(tar, ""));
    }

    @Test
    void refusesWritingBelowALink() throws IOException {
        byte[] tar = new RawTar().entry("d", TarConstants.LF_SYMLINK, "real")
                .entry("d/x", TarConstants.LF_SYMLINK, "y").bytes();
        assertThrows(UnsafeEntryException.class, () -> extract(tar, ""));
    }

    @Test
    void ignoresOutsideLinksOutsideTheDirectory() throws IOException {
        byte[] tar = new RawTar().entry("usr/share/doc/foo", TarConstants.LF_SYMLINK, "/usr/share/doc/bar")
                .file("usr/src/foo-1.0/dkms.conf", "x").bytes();
        extract(tar, "usr/src");
        assertTrue(Files.isRegularFile(tmp.resolve("out/foo-1.0/dkms.conf")));
    }

    @Test
    void refusesDevicesAndFifos() throws IOException {
        for (byte type : List.of(TarConstants.LF_CHR, TarConstants.LF_BLK, TarConstants.LF_FIFO)) {
            byte[] tar = new RawTar().entry("src/dev", type, null).bytes();
            Path dest = Files.createDirectories(tmp.resolve("t" + type));
            assertThrows(UnsafeEntryException.class,
                    () -> TarExtractor.extract(new ByteArrayInputStream(tar), "src", dest));
        }
    }

    @Test
    void hardLinksBecomeCopiesAndMayNotPointOutside() throws IOException {
        byte[] tar = new RawTar().file("src/a", "a").entry("src/b", TarConstants.LF_LINK, "src/a").bytes();
        extract(tar, "src");
        assertEquals("a", Files.readString(tmp.resolve("out/b")));
        assertFalse(Files.isSymbolicLink(tmp.resolve("out/b")));

        byte[] outside = new RawTar().file("etc/x", "x").entry("src/b", TarConstants.LF_LINK, "etc/x").bytes();
        Path dest = Files.createDirectories(tmp.resolve("second"));
        assertThrows(UnsafeEntryException.class,
                () -> TarExtractor.extract(new ByteArrayInputStream(outside), "src", dest));
    }

    @Test
    void aTruncatedArchiveIsAnIoError() {
        byte[] tar = new TarWriter().file("src/big", new byte[4096], 0644).toBytes();
        byte[] cut = Arrays.copyOf(tar, 1024);
        IOException e = assertThrows(IOException.class, () -> extract(cut, "src"));
        assertFalse(e instanceof UnsafeEntryException);
    }
}
