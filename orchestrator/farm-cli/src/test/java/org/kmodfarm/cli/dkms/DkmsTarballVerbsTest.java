package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.tree.DkmsTarball;

/**
 * DKMS 3.2.2's mktarball and ldtarball over temporary trees: messages, default names, refusals and exit
 * codes as dkms.in's make_tarball and load_tarball have them; archives read back.
 */
class DkmsTarballVerbsTest {
    private static final String K = DkmsHarness.KERNEL;
    private static final String K2 = "6.1.0-98-amd64";
    private static final String A = DkmsHarness.ARCH;
    private static final String NAME = "dkms_test-1.0-kernel" + K + "-" + A + ".dkms.tar.gz";

    @TempDir
    Path tmp;
    DkmsHarness h;
    DkmsHarness other;

    @BeforeEach
    void setUp() throws IOException {
        h = new DkmsHarness(Files.createDirectories(tmp.resolve("one")));
        other = new DkmsHarness(Files.createDirectories(tmp.resolve("two")));
        h.writeTestModule();
        h.dkms("add", "test/dkms_test-1.0");
        h.fakeBuilt(K);
    }

    private String tarballDir() {
        return h.dkmsTree + "/dkms_test/1.0/tarball/";
    }

    private List<String> entries(Path archive) throws IOException {
        Path into = Files.createTempDirectory(tmp, "x");
        return DkmsTarball.extract(archive, into);
    }

    @Test
    void mktarballWritesDkmsLayoutUnderTheDefaultName() throws IOException {
        DkmsHarness.Result r = h.dkms("mktarball", "dkms_test/1.0", "-k", K);
        assertEquals(new DkmsHarness.Result(0, "Marking modules for " + K + " (" + A + ") for archiving...\n\n"
                + "Marking " + h.dkmsTree + "/dkms_test/1.0/source for archiving...\n\n"
                + "Tarball location: " + tarballDir() + "/" + NAME + "\n"), r);
        List<String> names = entries(Path.of(tarballDir(), NAME));
        assertTrue(names.containsAll(List.of("dkms_main_tree/" + K + "/" + A + "/module/dkms_test.ko",
                "dkms_main_tree/" + K + "/" + A + "/log/make.log", "dkms_source_tree/dkms.conf",
                "dkms_source_tree/Makefile")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("dkms_binaries_only")), names.toString());
    }

    @Test
    void theSameModuleGivesTheSameBytes() throws IOException {
        h.dkms("mktarball", "dkms_test/1.0", "-k", K);
        byte[] first = Files.readAllBytes(Path.of(tarballDir(), NAME));
        Files.setLastModifiedTime(Path.of(h.sourceTree, "dkms_test-1.0/Makefile"),
                java.nio.file.attribute.FileTime.fromMillis(1_000));
        assertEquals(0, h.dkms("mktarball", "dkms_test/1.0", "-k", K).code());
        assertArrayEquals(first, Files.readAllBytes(Path.of(tarballDir(), NAME)));
    }

    @Test
    void mktarballRefusesWhatDkmsRefuses() {
        assertEquals(new DkmsHarness.Result(6, "\nError! No modules built for " + K2 + " (" + A + ").\n"
                + "Modules must already be in the built state before using mktarball.\n"),
                h.dkms("mktarball", "dkms_test/1.0", "-k", K2));
        assertEquals(new DkmsHarness.Result(3, "\nError! The module/version combo: nope/1 is not located in the "
                + "DKMS tree.\n"), h.dkms("mktarball", "nope/1", "-k", K));
        assertEquals(1, h.dkms("mktarball", "-k", K).code());
        assertEquals(new DkmsHarness.Result(8, "\nError! You have specified both --binaries-only and "
                + "--source-only.\nYou cannot do this.\n"),
                h.dkms("mktarball", "dkms_test/1.0", "--binaries-only", "--source-only"));
    }

    @Test
    void binariesOnlyAndSourceOnly() throws IOException {
        DkmsHarness.Result bin = h.dkms("mktarball", "dkms_test/1.0", "-k", K, "--binaries-only", "--archive",
                "bin.tar.xz");
        assertEquals(new DkmsHarness.Result(0, "Marking modules for " + K + " (" + A + ") for archiving...\n\n"
                + "Creating tarball structure to specifically accomodate binaries.\n\n"
                + "Tarball location: " + tarballDir() + "/bin.tar.xz\n"), bin);
        List<String> names = entries(Path.of(tarballDir(), "bin.tar.xz"));
        assertTrue(names.containsAll(List.of("dkms_binaries_only/PACKAGE_NAME", "dkms_binaries_only/PACKAGE_VERSION",
                "dkms_binaries_only/dkms.conf")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("dkms_source_tree")), names.toString());

        DkmsHarness.Result src = h.dkms("mktarball", "dkms_test/1.0", "--source-only", "--archive", "out/s.tar");
        assertEquals(new DkmsHarness.Result(0, "\nMarking " + h.dkmsTree + "/dkms_test/1.0/source for archiving..."
                + "\n\nTarball location: out/s.tar\n"), src);
        names = entries(h.root.resolve("out/s.tar"));
        assertTrue(names.contains("dkms_main_tree") && names.contains("dkms_source_tree/dkms.conf"), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("dkms_main_tree/")), names.toString());
    }

    @Test
    void defaultNamesOfSourceOnlyAndManyKernels() {
        assertTrue(h.dkms("mktarball", "dkms_test/1.0", "--source-only").output().endsWith(
                "Tarball location: " + tarballDir() + "/dkms_test-1.0-source-only.dkms.tar.gz\n"));
        // Two long kernel names make the list longer than DKMS's 200 characters.
        String longer = "6.1.0-" + "9".repeat(160) + "-amd64";
        h.fakeBuilt(longer);
        DkmsHarness.Result r = h.dkms("mktarball", "dkms_test/1.0", "-k", K, "-k", longer);
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().endsWith("/dkms_test-1.0-manykernels.dkms.tar.gz\n"), r.output());
    }

    @Test
    void unwritableDestinationAndUnsupportedCompression() throws IOException {
        Path file = h.root.resolve("file");
        Files.writeString(file, "");
        assertEquals(new DkmsHarness.Result(9, "Marking modules for " + K + " (" + A + ") for archiving...\n\n"
                + "Marking " + h.dkmsTree + "/dkms_test/1.0/source for archiving...\n\n"
                + "Tarball location: file/sub/x.tgz\n\nError! Missing write "
                + "permissions for file/sub.\n"), h.dkms("mktarball", "dkms_test/1.0", "-k", K, "--archive",
                "file/sub/x.tgz"));
        DkmsHarness.Result r = h.dkms("mktarball", "dkms_test/1.0", "-k", K, "--archive", "x.tar.bz2");
        assertEquals(6, r.code());
        assertTrue(r.output().contains("\nError! Failed to make tarball.\nbzip2 compression"), r.output());
    }

    @Test
    void ldtarballLoadsSourceAndBuiltModulesIntoAnotherTree() throws IOException {
        h.fakeBuilt(K2);
        h.dkms("mktarball", "dkms_test/1.0", "-k", K, "-k", K2, "--archive", h.root + "/t.dkms.tar.gz");
        String v = other.dkmsTree + "/dkms_test/1.0/";
        DkmsHarness.Result r = other.dkms("ldtarball", h.root + "/t.dkms.tar.gz");
        assertEquals(new DkmsHarness.Result(0, "\nLoading tarball for dkms_test/1.0\nLoading " + v + K2 + "/" + A
                + "...\nLoading " + v + K + "/" + A + "...\n" + other.sourceSymlinkLine("dkms_test", "1.0")), r);
        assertEquals("dkms_test/1.0, " + K2 + ", " + A + ": built\ndkms_test/1.0, " + K + ", " + A + ": built\n",
                other.statusOf("dkms_test"));
        assertTrue(Files.isRegularFile(Path.of(other.sourceTree, "dkms_test-1.0/dkms.conf")));

        assertEquals(new DkmsHarness.Result(8, "\nError! dkms_test/1.0 is already added!\nAborting.\n"),
                other.dkms("ldtarball", "--archive", h.root + "/t.dkms.tar.gz"));
        // --force reloads everything, then add_module refuses the second add, as DKMS 3.2.2 does.
        DkmsHarness.Result forced = other.dkms("ldtarball", "--archive", h.root + "/t.dkms.tar.gz", "--force");
        assertEquals(3, forced.code());
        assertTrue(forced.output().startsWith("\nLoading tarball for dkms_test/1.0\n\nForcing install of dkms_test/1.0"
                + "\nLoading " + v + K2 + "/" + A + "...\nLoading " + v + K + "/" + A + "...\n"), forced.output());
        assertTrue(forced.output().endsWith("\nError! DKMS tree already contains: dkms_test/1.0\n"
                + "You cannot add the same module/version combo more than once.\n"), forced.output());
    }

    @Test
    void existingBuiltDirectoriesAreSkippedWithoutForce() throws IOException {
        h.dkms("mktarball", "dkms_test/1.0", "-k", K, "--archive", h.root + "/t.tar.gz");
        other.writeTestModule();
        Files.createDirectories(Path.of(other.dkmsTree, "dkms_test/1.0", K, A));
        DkmsHarness.Result r = other.dkms("ldtarball", h.root + "/t.tar.gz");
        assertEquals(new DkmsHarness.Result(0, "\nLoading tarball for dkms_test/1.0\nWarning: " + other.dkmsTree
                + "/dkms_test/1.0/" + K + "/" + A + " already exists. Skipping...\n"
                + other.sourceSymlinkLine("dkms_test", "1.0")), r);
    }

    @Test
    void binariesOnlyWithoutSourceLeavesAStubAndExitsOne() throws IOException {
        h.dkms("mktarball", "dkms_test/1.0", "-k", K, "--binaries-only", "--archive", h.root + "/b.tar.gz");
        String stub = other.dkmsTree + "/dkms_test/1.0/source";
        DkmsHarness.Result r = other.dkms("ldtarball", h.root + "/b.tar.gz");
        assertEquals(new DkmsHarness.Result(1, "\nLoading tarball for dkms_test/1.0\nCreating " + stub
                + "\nCopying dkms.conf to " + stub + " ...\nLoading " + other.dkmsTree + "/dkms_test/1.0/" + K + "/" + A
                + "...\n"), r);
        assertTrue(Files.isRegularFile(Path.of(stub, "dkms.conf")));
        assertEquals("", other.statusOf("dkms_test"));
    }

    @Test
    void binariesOnlyNextToAnInstalledSourceIsAdded() {
        h.dkms("mktarball", "dkms_test/1.0", "-k", K, "--binaries-only", "--archive", h.root + "/b.tar.gz");
        DkmsHarness.mkdirs(Path.of(other.sourceTree, "dkms_test-1.0"));
        DkmsHarness.write(Path.of(other.sourceTree, "dkms_test-1.0/dkms.conf"), "PACKAGE_NAME=\"dkms_test\"\n"
                + "PACKAGE_VERSION=\"1.0\"\nBUILT_MODULE_NAME[0]=\"dkms_test\"\nDEST_MODULE_LOCATION[0]=\"/kernel/extra\"\n");
        DkmsHarness.Result r = other.dkms("ldtarball", h.root + "/b.tar.gz");
        assertEquals(new DkmsHarness.Result(0, "\nLoading tarball for dkms_test/1.0\nLoading " + other.dkmsTree
                + "/dkms_test/1.0/" + K + "/" + A + "...\n" + other.sourceSymlinkLine("dkms_test", "1.0")), r);
        assertEquals("dkms_test/1.0, " + K + ", " + A + ": built\n", other.statusOf("dkms_test"));
    }

    @Test
    void aPlainSourceTarballIsAddedFromItsDkmsConf() throws Exception {
        other.writeTestModule();
        tar(other.root, "src.tar.gz", "-C", other.root + "/test", "dkms_test-1.0");
        DkmsHarness.Result r = other.dkms("ldtarball", other.root + "/src.tar.gz");
        assertEquals(new DkmsHarness.Result(0, other.sourceSymlinkLine("dkms_test", "1.0")), r);
        assertEquals("dkms_test/1.0: added\n", other.statusOf("dkms_test"));
        // add takes an archive too.
        other.dkms("remove", "dkms_test/1.0", "--all");
        assertEquals(0, other.dkms("add", other.root + "/src.tar.gz").code());
    }

    @Test
    void refusals() throws Exception {
        assertEquals(new DkmsHarness.Result(2, "\nError! /nowhere.tar.gz does not exist.\n"),
                other.dkms("ldtarball", "--archive", "/nowhere.tar.gz"));
        DkmsHarness.write(other.root.resolve("empty/readme"), "nothing\n");
        tar(other.root, "noconf.tar", "-C", other.root + "/empty", ".");
        assertEquals(new DkmsHarness.Result(3, "\nError! Tarball does not appear to be a correctly formed DKMS "
                + "archive. No dkms.conf found within it.\n"), other.dkms("ldtarball", other.root + "/noconf.tar"));
        DkmsHarness.mkdirs(other.root.resolve("bad/dkms_main_tree"));
        tar(other.root, "bad.tar", "-C", other.root + "/bad", ".");
        assertEquals(new DkmsHarness.Result(7, "\nError! No valid dkms.conf in dkms_source_tree or "
                + "dkms_binaries_only.\n" + other.root + "/bad.tar is not a valid DKMS tarball.\n"),
                other.dkms("ldtarball", other.root + "/bad.tar"));
    }

    @Test
    void hostileArchivesAreRefusedBeforeAnythingChanges() throws Exception {
        DkmsHarness.write(other.root.resolve("evil/dkms_main_tree/6.1.0-1/x86_64/module/x.ko"), "x");
        tar(other.root, "abs.tar", "-P", other.root + "/evil/dkms_main_tree");
        DkmsHarness.Result r = other.dkms("ldtarball", other.root + "/abs.tar");
        assertEquals(7, r.code(), r.output());
        assertTrue(r.output().contains("absolute name"), r.output());
        tar(other.root, "dots.tar", "-P", "-C", other.root + "/evil", "../evil/dkms_main_tree");
        r = other.dkms("ldtarball", other.root + "/dots.tar");
        assertEquals(7, r.code(), r.output());
        assertTrue(r.output().contains("'..'"), r.output());
        try (var left = Files.list(Path.of(other.dkmsTree))) {
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith(".")).toList());
        }
    }

    @Test
    void matchChecksItsArgumentsAsDkmsDoes() {
        assertEquals(new DkmsHarness.Result(1, "\nError! Invalid number of parameters passed.\n"
                + "Usage: match --templatekernel=<kernel-version> -k <kernel-version>\n"
                + "   or: match --templatekernel=<kernel-version> -k <kernel-version> <module>\n"),
                h.dkms("match", "-k", K2));
        assertEquals(new DkmsHarness.Result(2, "\nError! The templatekernel and the specified kernel version are "
                + "the same.\n"), h.dkms("match", "--templatekernel", K, "-k", K));
        assertEquals(new DkmsHarness.Result(4, "\nError! The action match does not support multiple kernel version "
                + "parameters on the command line.\n"), h.dkms("match", "--templatekernel", K, "-k", K2, "-k", "6.2.0"));
        assertEquals(new DkmsHarness.Result(3, "\nError! The module: nope is not located in the DKMS tree.\n"),
                h.dkms("match", "--templatekernel=" + K, "-k", K2, "nope"));
        assertEquals(new DkmsHarness.Result(0, "\nMatching modules in kernel: " + K2 + " (" + A + ")\n"
                + "to the configuration of kernel: " + K + " (" + A + ")\n\nThere is nothing to be done for this "
                + "match.\n"), h.dkms("match", "--templatekernel", K, "-k", K2));
    }

    @Test
    void matchInstallsWhatTheTemplateHas() throws IOException {
        Files.createSymbolicLink(Path.of(h.dkmsTree, "dkms_test/kernel-" + K + "-" + A), Path.of("1.0/" + K + "/" + A));
        h.fakeBuilt(K2);
        Files.createSymbolicLink(Path.of(h.dkmsTree, "dkms_test/kernel-" + K2 + "-" + A),
                Path.of("1.0/" + K2 + "/" + A));
        DkmsHarness.mkdirs(Path.of(h.installTree, K2, "build/include"));
        assertEquals(new DkmsHarness.Result(0, "\nMatching modules in kernel: " + K2 + " (" + A + ")\n"
                + "to the configuration of kernel: " + K + " (" + A + ")\nModule:  dkms_test\nVersion: 1.0\n"
                + "Module dkms_test/1.0 already built for kernel " + K2 + " (" + A + "), skip. You may override by "
                + "specifying --force.\nModule dkms_test/1.0 already installed on kernel " + K2 + " (" + A + "), skip. "
                + "You may override by specifying --force.\n"), h.dkms("match", "--templatekernel", K, "-k", K2,
                "dkms_test"));
    }

    private static void tar(Path cwd, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tar", "-caf", cwd.resolve(name).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
