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
 * DKMS 3.2.2's {@code kernel_preinst}, {@code kernel_postinst} and {@code kernel_prerm} on the paths that need
 * no compiler: the explicit kernel they require, unbuilding what is built (AUTOINSTALL modules only before an
 * upgrade), a module that fails to go, and a postinst with nothing to do.
 */
class DkmsKernelHooksTest {
    private static final String K = DkmsHarness.KERNEL;
    private static final String A = DkmsHarness.ARCH;

    @TempDir
    Path tmp;
    DkmsHarness h;

    @BeforeEach
    void setUp() {
        h = new DkmsHarness(tmp);
        h.writeTestModule();
    }

    private String removing(String mv) {
        return "dkms: removing module " + mv + " for kernel " + K + " (" + A + ")\n";
    }

    private String notInstalled(String mv) {
        return "Module " + mv + " is not installed for kernel " + K + " (" + A + "). Skipping...\n";
    }

    /** A second module, without AUTOINSTALL, added and built for {@code K}. */
    private void builtManualModule() {
        Path dir = tmp.resolve("test/manual-2.0");
        DkmsHarness.write(dir.resolve("dkms.conf"), "PACKAGE_NAME=\"manual\"\nPACKAGE_VERSION=\"2.0\"\n"
                + "BUILT_MODULE_NAME[0]=\"manual\"\nDEST_MODULE_LOCATION[0]=\"/kernel/extra\"\n");
        DkmsHarness.write(dir.resolve("Makefile"), "obj-m += manual.o\n");
        h.dkms("add", "test/manual-2.0");
        DkmsHarness.write(Path.of(h.dkmsTree, "manual/2.0", K, A, "module/manual.ko"), "ko");
    }

    @Test
    void theHooksNeedExactlyOneExplicitKernel() {
        for (String hook : new String[] {"kernel_preinst", "kernel_postinst", "kernel_prerm"}) {
            assertEquals(new DkmsHarness.Result(4, "\nError! The action " + hook + " requires exactly one kernel "
                    + "version parameter on the command line.\n"), h.dkms(hook), hook);
            assertEquals(4, h.dkms(hook, "-k", K, "-k", K).code(), hook);
            assertEquals(new DkmsHarness.Result(5, "\nError! The action " + hook + " does not support the --all "
                    + "parameter.\n"), h.dkms(hook, "--all"), hook);
        }
    }

    @Test
    void prermUnbuildsEveryBuiltModuleAndLeavesItAdded() {
        h.dkms("add", "test/dkms_test-1.0");
        h.fakeBuilt(K);
        builtManualModule();

        assertEquals(new DkmsHarness.Result(0, removing("dkms_test/1.0") + notInstalled("dkms_test/1.0") + "\n"
                + removing("manual/2.0") + notInstalled("manual/2.0") + "\n"), h.dkms("kernel_prerm", "-k", K));
        assertEquals("dkms_test/1.0: added\n", h.statusOf("dkms_test"));
        assertEquals("manual/2.0: added\n", h.statusOf("manual"));
        assertEquals(new DkmsHarness.Result(0, ""), h.dkms("kernel_prerm", "-k", K), "nothing built any more");
    }

    @Test
    void preinstUnbuildsOnlyWhatPostinstWillBuildAgain() {
        h.dkms("add", "test/dkms_test-1.0");
        h.fakeBuilt(K);
        builtManualModule();

        assertEquals(new DkmsHarness.Result(0, removing("dkms_test/1.0") + notInstalled("dkms_test/1.0")),
                h.dkms("kernel_preinst", "-k", K));
        assertEquals("dkms_test/1.0: added\n", h.statusOf("dkms_test"));
        assertEquals("manual/2.0, " + K + ", " + A + ": built\n", h.statusOf("manual"));
    }

    @Test
    void aModuleThatCannotBeRemovedFailsTheHookWith14AfterTheOthers() throws IOException {
        h.dkms("add", "test/dkms_test-1.0");
        h.fakeBuilt(K);
        Files.createSymbolicLink(Path.of(h.dkmsTree, "dkms_test/kernel-" + K + "-" + A), Path.of("1.0/" + K + "/" + A));
        builtManualModule();
        // Its conf can no longer be read, so it cannot be uninstalled.
        Path conf = tmp.resolve("usr/src/dkms_test-1.0/dkms.conf");
        Files.delete(conf);
        Files.createDirectory(conf);

        DkmsHarness.Result result = h.dkms("kernel_prerm", "-k", K);

        assertEquals(14, result.code(), result.output());
        assertTrue(result.output().startsWith(removing("dkms_test/1.0")), result.output());
        assertTrue(result.output().contains(removing("manual/2.0") + notInstalled("manual/2.0") + "\n"),
                result.output());
        assertTrue(result.output().matches("(?s).*\nError! dkms kernel_prerm for kernel " + K + " \\(" + A
                + "\\) failed for module\\(s\\) dkms_test/1\\.0\\(\\d+\\)\\.\n"), result.output());
        assertEquals("manual/2.0: added\n", h.statusOf("manual"));
    }

    @Test
    void postinstWithNothingToBuildSaysNothing() {
        assertEquals(new DkmsHarness.Result(0, ""), h.dkms("kernel_postinst", "-k", K));
    }
}
