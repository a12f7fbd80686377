package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.tree.AtomicFs;

/**
 * The add/status/unbuild/remove steps of DKMS 3.2.2's run_test.sh {@code basic} block, in its order, with its
 * expected outputs and exit codes (paths moved into a temporary directory; build simulated by writing what a
 * build leaves).
 */
class DkmsBasicBlockTest {
    private static final String K = DkmsHarness.KERNEL;
    private static final String A = DkmsHarness.ARCH;

    @TempDir
    Path tmp;
    DkmsHarness h;
    String created;

    @BeforeEach
    void setUp() {
        h = new DkmsHarness(tmp);
        h.writeTestModule();
        created = h.sourceSymlinkLine("dkms_test", "1.0");
    }

    @Test
    void noModulesMeansEmptyStatus() {
        assertEquals(new DkmsHarness.Result(0, ""), h.dkms("status", "-k", K));
        assertEquals(new DkmsHarness.Result(0, ""), h.dkms("status", "-m", "dkms_test"));
    }

    @Test
    void addByVersionWithoutSourceFails() {
        assertEquals(new DkmsHarness.Result(2, "\nError! Could not find module source directory.\n"
                + "Directory: " + h.sourceTree + "/dkms_test-1.0 does not exist.\n"),
                h.dkms("add", "-m", "dkms_test", "-v", "1.0"));
    }

    @Test
    void addByDirectoryTwiceThenRemoveAll() {
        assertEquals(new DkmsHarness.Result(0, created), h.dkms("add", "test/dkms_test-1.0"));
        assertTrue(Files.isRegularFile(Path.of(h.sourceTree, "dkms_test-1.0/dkms.conf")), "source tree copied");
        assertEquals("dkms_test/1.0: added\n", h.statusOf("dkms_test"));
        assertEquals(new DkmsHarness.Result(3, alreadyAdded()), h.dkms("add", "test/dkms_test-1.0"));
        assertEquals(new DkmsHarness.Result(0, "Deleting module dkms_test/1.0 completely from the DKMS tree.\n"),
                h.dkms("remove", "--all", "-m", "dkms_test", "-v", "1.0"));
        assertEquals("", h.statusOf("dkms_test"));
        assertFalse(Files.exists(Path.of(h.dkmsTree, "dkms_test")));
        assertTrue(Files.isDirectory(Path.of(h.sourceTree, "dkms_test-1.0")), "remove keeps the source");
    }

    @Test
    void addByConfFileTwiceThenRemoveAll() {
        assertEquals(new DkmsHarness.Result(0, created), h.dkms("add", "test/dkms_test-1.0/dkms.conf"));
        assertEquals("dkms_test/1.0: added\n", h.statusOf("dkms_test"));
        assertEquals(new DkmsHarness.Result(3, alreadyAdded()), h.dkms("add", "test/dkms_test-1.0/dkms.conf"));
        assertEquals(new DkmsHarness.Result(0, "Deleting module dkms_test/1.0 completely from the DKMS tree.\n"),
                h.dkms("remove", "--all", "-m", "dkms_test", "-v", "1.0"));
        assertEquals("", h.statusOf("dkms_test"));
    }

    @Test
    void addByVersionThenBuiltUnbuildAndRemoveByKernel() throws IOException {
        assertEquals(new DkmsHarness.Result(0, created), h.dkms("add", "test/dkms_test-1.0"));
        h.dkms("remove", "--all", "-m", "dkms_test", "-v", "1.0");
        assertEquals(new DkmsHarness.Result(0, created), h.dkms("add", "-m", "dkms_test", "-v", "1.0"));
        assertEquals("dkms_test/1.0: added\n", h.statusOf("dkms_test"));
        assertEquals(new DkmsHarness.Result(3, alreadyAdded()), h.dkms("add", "-m", "dkms_test", "-v", "1.0"));

        h.fakeBuilt(K);
        assertEquals("dkms_test/1.0, " + K + ", " + A + ": built\n", h.statusOf("dkms_test"));
        String notInstalled = "Module dkms_test/1.0 is not installed for kernel " + K + " (" + A + "). Skipping...\n";
        String notBuilt = "Module dkms_test/1.0 is not built for kernel " + K + " (" + A + "). Skipping...\n";
        assertEquals(new DkmsHarness.Result(0, notInstalled), h.dkms("unbuild", "-k", K, "-m", "dkms_test", "-v", "1.0"));
        assertEquals("dkms_test/1.0: added\n", h.statusOf("dkms_test"));
        assertEquals(new DkmsHarness.Result(0, notInstalled + notBuilt),
                h.dkms("unbuild", "-k", K, "-m", "dkms_test", "-v", "1.0"));
        assertEquals(new DkmsHarness.Result(0, notInstalled + notBuilt + "\n"
                + "Deleting module dkms_test/1.0 completely from the DKMS tree.\n"),
                h.dkms("remove", "-k", K, "-m", "dkms_test", "-v", "1.0"));
        assertEquals("", h.statusOf("dkms_test"));
        assertTrue(Files.isDirectory(Path.of(h.sourceTree, "dkms_test-1.0")));
        AtomicFs.deleteTree(Path.of(h.sourceTree, "dkms_test-1.0"));
    }

    @Test
    void installedStatusAndRemoveAllOfABuiltModule() throws IOException {
        h.dkms("add", "test/dkms_test-1.0");
        h.fakeBuilt(K);
        Files.createSymbolicLink(Path.of(h.dkmsTree, "dkms_test/kernel-" + K + "-" + A), Path.of("1.0/" + K + "/" + A));
        DkmsHarness.write(Path.of(h.installTree, K, "updates/dkms/dkms_test.ko"), "ko");
        assertEquals("dkms_test/1.0, " + K + ", " + A + ": installed\n", h.statusOf("dkms_test"));
        DkmsHarness.write(Path.of(h.installTree, K, "updates/dkms/dkms_test.ko"), "other");
        assertEquals("dkms_test/1.0, " + K + ", " + A + ": installed (Differences between built and installed modules)\n",
                h.statusOf("dkms_test"));
        Files.delete(Path.of(h.dkmsTree, "dkms_test/kernel-" + K + "-" + A));
        assertEquals(new DkmsHarness.Result(0, "Module dkms_test/1.0 is not installed for kernel " + K + " (" + A
                + "). Skipping...\n\nDeleting module dkms_test/1.0 completely from the DKMS tree.\n"),
                h.dkms("remove", "--all", "-m", "dkms_test", "-v", "1.0"));
    }

    private static String alreadyAdded() {
        return "\nError! DKMS tree already contains: dkms_test/1.0\n"
                + "You cannot add the same module/version combo more than once.\n";
    }
}
