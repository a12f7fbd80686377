package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DKMS 3.2.2's autoinstall and the implicit add of build from a source directory, on the paths that need no
 * compiler: argument checks, nothing to do, broken modules, missing kernel headers.
 */
class DkmsAutoinstallTest {
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
    void needsExactlyOneKernelAndNoAll() {
        assertEquals(new DkmsHarness.Result(4, "\nError! The action autoinstall does not support multiple kernel "
                + "version parameters on the command line.\n"), h.dkms("autoinstall", "-k", K, "-k", "6.1.0-1-amd64"));
        assertEquals(new DkmsHarness.Result(5, "\nError! The action autoinstall does not support the --all "
                + "parameter.\n"), h.dkms("autoinstall", "--all"));
    }

    @Test
    void anInstalledModuleLeavesNothingToDo() throws IOException {
        h.dkms("add", "test/dkms_test-1.0");
        h.fakeBuilt(K);
        Files.createSymbolicLink(Path.of(h.dkmsTree, "dkms_test/kernel-" + K + "-" + A), Path.of("1.0/" + K + "/" + A));
        assertEquals(new DkmsHarness.Result(0, ""), h.dkms("autoinstall", "-k", K));
    }

    @Test
    void aBrokenModuleIsReportedAndLeftAlone() throws IOException {
        h.dkms("add", "test/dkms_test-1.0");
        Files.delete(Path.of(h.dkmsTree, "dkms_test/1.0/source"));
        assertEquals(new DkmsHarness.Result(0, "\nError! dkms_test/1.0 is broken! Missing the source directory or "
                + "the symbolic link pointing to it.\nManual intervention is required!\n"),
                h.dkms("autoinstall", "-k", K));
    }

    @Test
    void missingHeadersEndTheRunBeforeAnyModule() {
        h.dkms("add", "test/dkms_test-1.0");
        DkmsHarness.Result result = h.dkms("autoinstall", "-k", K);
        assertEquals(21, result.code());
        assertTrue(result.output().startsWith("\nError! Your kernel headers for kernel " + K + " cannot be found"),
                result.output());
    }

    @Test
    void buildAddsASourceDirectoryGivenAsAWordFirst() {
        DkmsHarness.Result result = h.dkms("build", "test/dkms_test-1.0", "-k", K);
        assertEquals(21, result.code());
        assertTrue(result.output().startsWith(created + "\n\nError! Your kernel headers for kernel " + K),
                result.output());
        assertEquals("dkms_test/1.0: added\n", h.statusOf("dkms_test"));
    }
}
