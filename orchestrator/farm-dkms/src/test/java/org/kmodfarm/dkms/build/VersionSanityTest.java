package org.kmodfarm.dkms.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodfarm.dkms.build.Confs.ARCH;
import static org.kmodfarm.dkms.build.Confs.KERNEL;
import static org.kmodfarm.dkms.build.Confs.MV;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.TreeRoots;
import org.kmodfarm.testkit.TestFiles;

/** DKMS 3.2.2's {@code check_version_sanity}, with {@code modinfo} answered by the fake. */
class VersionSanityTest {
    private static final String OBSOLETE = "\nModule has been obsoleted due to being included in kernel %s.\n"
            + "We will avoid installing for future kernels above %s.\nYou may override by specifying --force.\n";

    @TempDir
    Path tmp;
    final FakeBuildIo io = new FakeBuildIo();
    final RecordingOutput out = new RecordingOutput();

    private InstallRequest request(String kernel, String obsoleteBy, ModuleSuffix suffix, boolean force) {
        TreeRoots roots = Confs.roots(tmp);
        return new InstallRequest(MV, new KernelArch(kernel, ARCH), roots,
                Confs.conf(List.of(Confs.module("foo")), List.of(), Confs.NO_SCRIPTS, obsoleteBy), suffix, force,
                "debian", false, Map.of(), false);
    }

    private InstallRequest request(boolean force) {
        return request(KERNEL, "", new ModuleSuffix(""), force);
    }

    private boolean check(InstallRequest r) throws IOException {
        return new VersionSanity(io, out, r).check("foo");
    }

    /** The kernel's own foo.ko under {@code dir} (relative to its module tree) and what modinfo says of it. */
    private Path kernels(InstallRequest r, String file, String modinfo) {
        Path p = r.libTree().resolve(file);
        TestFiles.write(p, "kernel's " + file + "\n");
        io.on("modinfo " + p, 0, modinfo);
        return p;
    }

    /** DKMS's built foo.ko and what modinfo says of it. */
    private Path ours(InstallRequest r, String name, String content, String modinfo) {
        Path p = r.baseDir().resolve("module/" + name);
        TestFiles.write(p, content);
        io.on("modinfo " + p, 0, modinfo);
        return p;
    }

    private static String modinfo(String version, String srcversion) {
        return "filename:       /x/foo.ko\nversion:        " + version + "\nlicense:        GPL\nsrcversion:     "
                + srcversion + "\nvermagic:       6.1.0 SMP mod_unload\n";
    }

    @ParameterizedTest
    @CsvSource({"6.1.0-47-amd64, 6.1.0-40, true", "6.1.0-40, 6.1.0-40, true", "6.1.0-40-amd64, 6.1.0-40, true",
        "6.1.0-39-amd64, 6.1.0-40, false", "6.2.0-1, 6.1.0-40, true", "5.10.0-1, 6.1, false", "6.1.0-1, 6.1, true",
        "6.10.0, 6.9, true"})
    void obsoleteByRefusesKernelsAtOrPastIt(String kernel, String obsoleteBy, boolean obsolete) throws IOException {
        assertEquals(!obsolete, check(request(kernel, obsoleteBy, new ModuleSuffix(""), false)));
        assertEquals(obsolete ? String.format(OBSOLETE, obsoleteBy, obsoleteBy) : "", out.stderr());
        assertEquals("", out.stdout());
    }

    @Test
    void forceInstallsEvenOnAnObsoletingKernel() throws IOException {
        assertTrue(check(request("6.2.0-1", "6.1", new ModuleSuffix(""), true)));
        assertEquals("", out.all());
    }

    @Test
    void noCopyInTheKernelMeansNothingToCompare() throws IOException {
        assertTrue(check(request(false)));
        assertEquals(List.of(), io.calls());
    }

    @Test
    void aModuleOlderThanTheKernelsIsRefused() throws IOException {
        InstallRequest r = request(KERNEL, "", new ModuleSuffix(".xz"), false);
        kernels(r, "kernel/drivers/misc/foo.ko.xz", modinfo("2.0", "AAA"));
        ours(r, "foo.ko.xz", "ours\n", modinfo("1.10", "BBB"));

        assertFalse(check(r));
        assertEquals("\nError! Module version 1.10 for foo.ko.xz\nis not newer than what is already found in kernel "
                + KERNEL + " (2.0).\nYou may override by specifying --force.\n", out.stderr());
    }

    @Test
    void aNewerModuleIsInstalled() throws IOException {
        InstallRequest r = request(false);
        kernels(r, "kernel/drivers/misc/foo.ko", modinfo("1.9", "AAA"));
        ours(r, "foo.ko", "ours\n", modinfo("1.10", "BBB"));

        assertTrue(check(r));
        assertEquals("", out.all());
    }

    @Test
    void forceInstallsAnOlderModule() throws IOException {
        InstallRequest r = request(true);
        kernels(r, "kernel/drivers/misc/foo.ko", modinfo("2.0", "AAA"));
        ours(r, "foo.ko", "ours\n", modinfo("1.0", "BBB"));

        assertTrue(check(r));
        assertEquals("", out.all());
    }

    @Test
    void theSameVersionAndSrcversionIsAlreadyInstalled() throws IOException {
        InstallRequest r = request(false);
        Path theirs = kernels(r, "updates/dkms/foo.ko", modinfo("1.0", "AAA"));
        ours(r, "foo.ko", "ours\n", modinfo("1.0", "AAA"));

        assertFalse(check(r));
        assertEquals("Module " + theirs + " already installed at version 1.0, override by specifying --force\n",
                out.stderr());
    }

    @Test
    void theVersionLinesChecksumStandsInForAMissingSrcversion() throws IOException {
        InstallRequest r = request(false);
        kernels(r, "updates/dkms/foo.ko", "version:        1.0 0123ABCD\n");
        ours(r, "foo.ko", "ours\n", "version:        1.0 0123ABCD\n");

        assertFalse(check(r));
    }

    @Test
    void theSameVersionWithAnotherSrcversionIsInstalled() throws IOException {
        InstallRequest r = request(false);
        kernels(r, "updates/dkms/foo.ko", modinfo("1.0", "AAA"));
        ours(r, "foo.ko", "ours\n", modinfo("1.0", "BBB"));

        assertTrue(check(r));
    }

    @Test
    void anUnversionedModuleIsComparedByItsBytes() throws IOException {
        InstallRequest r = request(false);
        Path theirs = kernels(r, "updates/dkms/foo.ko", "filename: /x/foo.ko\n");
        ours(r, "foo.ko", "kernel's updates/dkms/foo.ko\n", "filename: /y/foo.ko\n");

        assertFalse(check(r), "identical bytes");
        assertEquals("Module " + theirs + " already installed (unversioned module), override by specifying --force\n",
                out.stderr());

        ours(r, "foo.ko", "other bytes\n", "");
        assertTrue(check(r), "different bytes");
    }

    @Test
    void aSrcversionWithoutVersionIsReportedAsUnversioned() throws IOException {
        InstallRequest r = request(false);
        Path theirs = kernels(r, "updates/dkms/foo.ko", "srcversion:     AAA\n");
        ours(r, "foo.ko", "ours\n", "srcversion:     AAA\n");

        assertFalse(check(r));
        assertEquals("Module " + theirs + " already installed (unversioned module), override by specifying --force\n",
                out.stderr());
    }

    @Test
    void severalCopiesInTheKernelAreComparedByTheFirstOneFound() throws IOException {
        // 3.2.2 reads find's output with `read -ra`, i.e. only its first line: the "multiple modules" warning
        // never fires and the first copy decides.
        InstallRequest r = request(false);
        kernels(r, "kernel/drivers/misc/foo.ko", modinfo("2.0", "AAA"));
        kernels(r, "extra/foo.ko", modinfo("2.0", "AAA"));
        ours(r, "foo.ko", "ours\n", modinfo("1.0", "BBB"));

        assertFalse(check(r));
        assertTrue(out.stderr().startsWith("\nError! Module version 1.0 for foo.ko\n"), out.stderr());
    }
}
