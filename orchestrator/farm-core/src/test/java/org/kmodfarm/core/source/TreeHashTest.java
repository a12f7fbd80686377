package org.kmodfarm.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.TestFiles;

class TreeHashTest {
    @TempDir
    Path tmp;

    /** A small module tree; {@code where} is created. */
    static Path module(Path where) throws IOException {
        TestFiles.write(where.resolve("dkms.conf"), "PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\n");
        TestFiles.write(where.resolve("Makefile"), "obj-m := foo.o\n");
        TestFiles.write(where.resolve("src/foo.c"), "int foo;\n");
        TestFiles.write(where.resolve("build.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(where.resolve("build.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(where.resolve("foo.c"), Path.of("src/foo.c"));
        TestFiles.mkdirs(where.resolve("empty"));
        return where;
    }

    @Test
    void theSameTreeInTwoPlacesHasTheSameHash() throws IOException {
        Path a = module(tmp.resolve("a"));
        Path b = module(tmp.resolve("elsewhere/b"));
        // Mode bits other than exec and owners do not count either.
        Files.setPosixFilePermissions(b.resolve("Makefile"), PosixFilePermissions.fromString("rw-------"));
        assertEquals(TreeHash.of(a), TreeHash.of(b));
    }

    @Test
    void isStableAcrossMachinesAndVersions() throws IOException {
        // Pinned: changing the encoding would invalidate every recorded hash and cache key. Checked against
        // an independent implementation: per sorted path, type byte (d, f, x, l), 8-byte big-endian length +
        // UTF-8 path, then for files 8-byte size + bytes, for links length + target.
        assertEquals("466c25c82909eb9ffda9af02e82622c3c4fb9b639760420775096793021eab70",
                TreeHash.of(module(tmp.resolve("a"))));
    }

    @Test
    void changingATimeKeepsTheHash() throws IOException {
        Path a = module(tmp.resolve("a"));
        String before = TreeHash.of(a);
        Files.setLastModifiedTime(a.resolve("src/foo.c"), FileTime.from(Instant.parse("1999-01-01T00:00:00Z")));
        Files.setLastModifiedTime(a.resolve("src"), FileTime.from(Instant.parse("2031-01-01T00:00:00Z")));
        assertEquals(before, TreeHash.of(a));
    }

    @Test
    void anyContentChangeChangesTheHash() throws IOException {
        Path a = module(tmp.resolve("a"));
        String before = TreeHash.of(a);
        TestFiles.write(a.resolve("src/foo.c"), "int fop;\n");
        assertNotEquals(before, TreeHash.of(a), "one byte");
        TestFiles.write(a.resolve("src/foo.c"), "int foo;\n");
        assertEquals(before, TreeHash.of(a), "restored");

        Files.setPosixFilePermissions(a.resolve("Makefile"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNotEquals(before, TreeHash.of(a), "exec bit");
        Files.setPosixFilePermissions(a.resolve("Makefile"), PosixFilePermissions.fromString("rw-r--r--"));

        Files.delete(a.resolve("foo.c"));
        Files.createSymbolicLink(a.resolve("foo.c"), Path.of("./src/foo.c"));
        assertNotEquals(before, TreeHash.of(a), "link target");
        Files.delete(a.resolve("foo.c"));
        Files.createSymbolicLink(a.resolve("foo.c"), Path.of("src/foo.c"));

        Files.move(a.resolve("empty"), a.resolve("empty2"));
        assertNotEquals(before, TreeHash.of(a), "renamed directory");
        Files.move(a.resolve("empty2"), a.resolve("empty"));
        assertEquals(before, TreeHash.of(a), "all restored");
    }

    @Test
    void aFileAndADirectoryOfTheSameNameDiffer() throws IOException {
        Path a = tmp.resolve("a");
        TestFiles.mkdirs(a.resolve("x"));
        Path b = tmp.resolve("b");
        TestFiles.write(b.resolve("x"), "");
        assertNotEquals(TreeHash.of(a), TreeHash.of(b));
    }

    @Test
    void aRootReachedThroughALinkHashesItsContent() throws IOException {
        Path a = module(tmp.resolve("a"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), a);
        assertEquals(TreeHash.of(a), TreeHash.of(link));
    }

    @Test
    void refusesFifos() throws Exception {
        Path a = module(tmp.resolve("a"));
        Process p = new ProcessBuilder("mkfifo", a.resolve("pipe").toString()).start();
        assertEquals(0, p.waitFor());
        assertThrows(IOException.class, () -> TreeHash.of(a));
    }
}
