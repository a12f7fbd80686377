package org.kmodfarm.dkms.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.io.TreeLock;

class FileDkmsTreeTest {
    private static final ModuleVersion FOO = new ModuleVersion("foo", "1.0");
    private static final KernelArch K1 = new KernelArch("6.1.0-47-amd64", "x86_64");
    private static final KernelArch K2 = new KernelArch("6.12.9-amd64", "x86_64");

    @TempDir
    Path dir;
    FileDkmsTree tree;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(dir.resolve("dkms"));
        Files.createDirectories(dir.resolve("src/foo-1.0"));
        tree = new FileDkmsTree(new TreeRoots(dir + "/dkms", dir + "/src", dir + "/lib"));
    }

    @Test
    void addCreatesBuildDirAndSourceLinkAsDkmsDoes() throws IOException {
        add(FOO);
        Path version = dir.resolve("dkms/foo/1.0");
        assertTrue(Files.isDirectory(version.resolve("build")));
        assertEquals(Path.of(dir + "/src/foo-1.0"), Files.readSymbolicLink(version.resolve("source")));
        assertTrue(tree.isAdded(FOO));
        assertFalse(tree.isBroken(FOO));
        assertEquals(List.of(new StatusEntry.Added(FOO)), tree.status("", "", "", ""));
    }

    @Test
    void builtAndInstalledFollowTheModuleDirAndTheKernelLink() throws IOException {
        add(FOO);
        build(FOO, K2);
        build(FOO, K1);
        Files.createSymbolicLink(dir.resolve("dkms/foo/kernel-" + K1.kernel() + "-x86_64"),
                Path.of("1.0/" + K1.kernel() + "/x86_64"));
        assertEquals(List.of(new StatusEntry.Built(FOO, K1, true), new StatusEntry.Built(FOO, K2, false)),
                tree.status("foo", "", "", ""));
        assertEquals(List.of(new StatusEntry.Built(FOO, K2, false)), tree.built(FOO, K2.kernel(), ""));
        // Built only for other kernels: DKMS reports the version as added.
        assertEquals(List.of(new StatusEntry.Added(FOO)), tree.status("foo", "1.0", "5.10.0", ""));
    }

    @Test
    void brokenWhenTheLinkDanglesOrIsMissingNextToASource() throws IOException {
        add(FOO);
        Files.delete(dir.resolve("dkms/foo/1.0/source"));
        assertTrue(tree.isBroken(FOO));
        assertEquals(List.of(new StatusEntry.Broken(FOO)), tree.status("", "", "", ""));
        Files.createSymbolicLink(dir.resolve("dkms/foo/1.0/source"), dir.resolve("nowhere"));
        assertTrue(tree.isBroken(FOO));
        assertFalse(tree.isAdded(FOO));
    }

    @Test
    void versionsSkipKernelLinksHiddenEntriesAndSortAsWholePaths() throws IOException {
        Files.createDirectories(dir.resolve("src/foo-bar-2"));
        add(FOO);
        add(new ModuleVersion("foo-bar", "2"));
        build(FOO, K1);
        Files.createSymbolicLink(dir.resolve("dkms/foo/kernel-" + K1.kernel() + "-x86_64"),
                Path.of("1.0/" + K1.kernel() + "/x86_64"));
        Files.createDirectories(dir.resolve("dkms/.hidden/1"));
        assertEquals(List.of(new ModuleVersion("foo-bar", "2"), FOO), tree.versions("", ""));
    }

    @Test
    void unbuildDropsTheKernelDirWhenItsLastArchGoes() throws IOException {
        add(FOO);
        build(FOO, K1);
        build(FOO, new KernelArch(K1.kernel(), "i686"));
        try (TreeWriter writer = tree.openWriter()) {
            writer.unbuild(FOO, K1);
            assertTrue(Files.isDirectory(dir.resolve("dkms/foo/1.0/" + K1.kernel())));
            writer.unbuild(FOO, new KernelArch(K1.kernel(), "i686"));
        }
        assertFalse(Files.exists(dir.resolve("dkms/foo/1.0/" + K1.kernel())));
        assertEquals(List.of(new StatusEntry.Added(FOO)), tree.status("", "", "", ""));
    }

    @Test
    void removeDeletesVersionThenModuleButKeepsBuiltVersions() throws IOException {
        add(FOO);
        build(FOO, K1);
        Files.createDirectories(dir.resolve("dkms/foo/1.0/" + K2.kernel() + "/.tmp_x86_64_abcdef"));
        try (TreeWriter writer = tree.openWriter()) {
            writer.cleanLeftovers(FOO);
            assertFalse(Files.exists(dir.resolve("dkms/foo/1.0/" + K2.kernel())));
            assertFalse(Files.exists(dir.resolve("dkms/foo/1.0/build")), "empty build/ goes, as with find -empty");
            assertFalse(writer.removeIfUnused(FOO));
            writer.unbuild(FOO, K1);
            assertTrue(writer.removeIfUnused(FOO));
        }
        assertFalse(Files.exists(dir.resolve("dkms/foo")));
        assertTrue(Files.isDirectory(dir.resolve("src/foo-1.0")), "the source stays");
        try (var left = Files.list(dir.resolve("dkms"))) {
            assertEquals(List.of(TreeLock.FILE_NAME), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    private void add(ModuleVersion mv) throws IOException {
        try (TreeWriter writer = tree.openWriter()) {
            writer.add(mv);
        }
    }

    private void build(ModuleVersion mv, KernelArch target) throws IOException {
        Files.createDirectories(Path.of(tree.roots().builtDir(mv, target), "module"));
    }
}
