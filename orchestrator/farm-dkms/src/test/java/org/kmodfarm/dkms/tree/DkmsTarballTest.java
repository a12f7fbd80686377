package org.kmodfarm.dkms.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.testkit.TestFiles;

class DkmsTarballTest {
    private static final ModuleVersion FOO = new ModuleVersion("foo", "1.0");
    private static final KernelArch K1 = new KernelArch("6.1.0-47-amd64", "x86_64");
    private static final KernelArch K2 = new KernelArch("6.12.9-amd64", "x86_64");

    @TempDir
    Path dir;

    private Path built(KernelArch k) {
        Path d = dir.resolve("dkms/foo/1.0/" + k.kernel() + "/" + k.arch());
        TestFiles.write(d.resolve("module/foo.ko"), "ko " + k.kernel());
        TestFiles.write(d.resolve("log/make.log"), "log");
        TestFiles.write(d.resolve(".dep_bar"), "2.0\n");
        return d;
    }

    private Path source() {
        Path src = dir.resolve("src/foo-1.0");
        TestFiles.write(src.resolve("dkms.conf"), "PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\n");
        TestFiles.write(src.resolve("foo.c"), "int x;\n");
        TestFiles.write(src.resolve("patches/fix.patch"), "--- a\n");
        return src;
    }

    @Test
    void holdsDkmsLayoutAndReadsBack() throws IOException {
        byte[] tar = DkmsTarball.tar(List.of(new DkmsTarball.Built(K1, built(K1)), new DkmsTarball.Built(K2,
                built(K2))), new DkmsTarball.Payload.Source(source()));
        Path file = dir.resolve("out/foo.dkms.tar.gz");
        Files.createDirectories(file.getParent());
        DkmsTarball.write(tar, file);
        byte[] head = new byte[2];
        System.arraycopy(Files.readAllBytes(file), 0, head, 0, 2);
        assertEquals(Compression.GZIP, Compression.ofMagic(head));

        Path into = Files.createDirectories(dir.resolve("x"));
        List<String> names = DkmsTarball.extract(file, into);
        assertEquals(List.of("", "dkms_main_tree", "dkms_main_tree/6.1.0-47-amd64",
                "dkms_main_tree/6.1.0-47-amd64/x86_64", "dkms_main_tree/6.1.0-47-amd64/x86_64/.dep_bar",
                "dkms_main_tree/6.1.0-47-amd64/x86_64/log", "dkms_main_tree/6.1.0-47-amd64/x86_64/log/make.log",
                "dkms_main_tree/6.1.0-47-amd64/x86_64/module", "dkms_main_tree/6.1.0-47-amd64/x86_64/module/foo.ko",
                "dkms_main_tree/6.12.9-amd64", "dkms_main_tree/6.12.9-amd64/x86_64",
                "dkms_main_tree/6.12.9-amd64/x86_64/.dep_bar", "dkms_main_tree/6.12.9-amd64/x86_64/log",
                "dkms_main_tree/6.12.9-amd64/x86_64/log/make.log", "dkms_main_tree/6.12.9-amd64/x86_64/module",
                "dkms_main_tree/6.12.9-amd64/x86_64/module/foo.ko", "dkms_source_tree",
                "dkms_source_tree/dkms.conf", "dkms_source_tree/foo.c", "dkms_source_tree/patches",
                "dkms_source_tree/patches/fix.patch"), names);
        assertEquals("ko 6.12.9-amd64", Files.readString(into.resolve("dkms_main_tree/6.12.9-amd64/x86_64/module/foo.ko")));
        assertEquals(Optional.of(into.resolve("dkms_source_tree/dkms.conf")), DkmsTarball.firstConf(into));
    }

    @Test
    void sameInputSameBytesWhateverTheTimesAndModes() throws IOException {
        Path b = built(K1);
        Path src = source();
        byte[] first = DkmsTarball.tar(List.of(new DkmsTarball.Built(K1, b)), new DkmsTarball.Payload.Source(src));
        Files.setLastModifiedTime(src.resolve("foo.c"), FileTime.fromMillis(0));
        Files.setPosixFilePermissions(src.resolve("foo.c"), PosixFilePermissions.fromString("rw-------"));
        byte[] second = DkmsTarball.tar(List.of(new DkmsTarball.Built(K1, b)), new DkmsTarball.Payload.Source(src));
        assertArrayEquals(first, second);
        Path f1 = dir.resolve("a.tar.xz");
        Path f2 = dir.resolve("b.tar.xz");
        DkmsTarball.write(first, f1);
        DkmsTarball.write(second, f2);
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2));
    }

    @Test
    void binariesOnlyHoldsTheMarkerAndTheConfUnderItsName() throws IOException {
        Path conf = dir.resolve("my.conf");
        TestFiles.write(conf, "PACKAGE_NAME=foo\n");
        byte[] tar = DkmsTarball.tar(List.of(new DkmsTarball.Built(K1, built(K1))),
                new DkmsTarball.Payload.BinariesOnly(FOO, conf));
        Path file = dir.resolve("b.tar");
        DkmsTarball.write(tar, file);
        Path into = Files.createDirectories(dir.resolve("x"));
        List<String> names = DkmsTarball.extract(file, into);
        assertTrue(names.contains("dkms_binaries_only/my.conf"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("dkms_source_tree")), names.toString());
        assertEquals("foo\n", Files.readString(into.resolve("dkms_binaries_only/PACKAGE_NAME")));
        assertEquals("1.0\n", Files.readString(into.resolve("dkms_binaries_only/PACKAGE_VERSION")));
        // DKMS's cp -f … 2>/dev/null: a missing conf is left out silently.
        byte[] noConf = DkmsTarball.tar(List.of(), new DkmsTarball.Payload.BinariesOnly(FOO, dir.resolve("none")));
        assertTrue(noConf.length > 0);
    }

    @Test
    void compressionFollowsTheNameAsTarMinusADoes() throws IOException {
        assertEquals(Compression.GZIP, DkmsTarball.compressionFor("m-1-kernelK-x86_64.dkms.tar.gz"));
        assertEquals(Compression.GZIP, DkmsTarball.compressionFor("x.tgz"));
        assertEquals(Compression.XZ, DkmsTarball.compressionFor("x.txz"));
        assertEquals(Compression.NONE, DkmsTarball.compressionFor("x.tar"));
        assertEquals(Compression.NONE, DkmsTarball.compressionFor("x.dkms"));
        IOException e = assertThrows(IOException.class, () -> DkmsTarball.compressionFor("x.tar.bz2"));
        assertTrue(e.getMessage().contains("bzip2"), e.getMessage());
        assertThrows(IOException.class, () -> DkmsTarball.compressionFor("x.tar.zst"));
    }

    @Test
    void builtDirsReplaceAtomicallyAndKeepHiddenFiles() throws IOException {
        TreeRoots roots = new TreeRoots(dir + "/dkms", dir + "/src", dir + "/lib");
        Path from = built(K1);
        ModuleVersion bar = new ModuleVersion("bar", "2");
        TestFiles.write(dir.resolve("dkms/bar/2/" + K1.kernel() + "/x86_64/module/old.ko"), "old");
        BuiltDirs.replace(roots, bar, K1, from);
        Path to = dir.resolve("dkms/bar/2/" + K1.kernel() + "/x86_64");
        assertFalse(Files.exists(to.resolve("module/old.ko")));
        assertEquals("ko " + K1.kernel(), Files.readString(to.resolve("module/foo.ko")));
        assertEquals("2.0\n", Files.readString(to.resolve(".dep_bar")));
        try (var left = Files.list(to.getParent())) {
            assertEquals(List.of("x86_64"), left.map(p -> p.getFileName().toString()).toList());
        }
    }
}
