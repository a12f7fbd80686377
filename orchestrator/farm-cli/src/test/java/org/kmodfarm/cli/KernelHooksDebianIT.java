package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kmodfarm's kernel hooks in a real Debian kernel package transaction: in the DKMS test image (bookworm, a
 * {@code linux-image} package and its headers installed by dpkg; see {@code images/dkms-test/}), {@code kmodfarm
 * hooks install} writes the hooks, two AUTOINSTALL modules are added (one builds, one fails), and the package's
 * own postinst ({@code dpkg-reconfigure}) runs {@code /etc/kernel/postinst.d}: the package stays installed, the
 * good module is built, installed, signed with the MOK key DKMS mode generates and known to depmod, the failing
 * one only reported. Then {@code /etc/kernel/prerm.d} as the package's prerm runs it removes the module again.
 * And a real transaction: the kernel package purged, then installed from its file with {@code dpkg -i}.
 *
 * <p>One disposable root container per test (about 1 minute each), see {@link DkmsTestContainer}.
 */
class KernelHooksDebianIT {
    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void thePackagesHooksBuildSignAndRemoveModulesAndAFailingOneNeverFailsThePackage() throws Exception {
        DkmsTestContainer container = DkmsTestContainer.image();
        String kernel = container.kernel();
        String output = container.runScript("kernel-hooks-debian.sh");
        List<String> checks = output.lines().filter(l -> l.startsWith("CHECK ")).toList();
        assertEquals(List.of("CHECK postinst-status 0", "CHECK package install ok installed",
                "CHECK status-after-postinst failing/1.0: added",
                "CHECK status-after-postinst kmodfarm-hello/0.1, " + kernel + ", x86_64: installed",
                "CHECK signer DKMS module signing key", "CHECK hash sha256", "CHECK modules.dep 1",
                "CHECK prerm-status 0", "CHECK status-after-prerm failing/1.0: added",
                "CHECK status-after-prerm kmodfarm-hello/0.1: added"), checks, output);
        assertTrue(output.contains("'dkms kernel_postinst -k " + kernel + "' failed with exit status 11; the "
                + "kernel package goes on"), output);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aKernelPackageInstalledWithDpkgGetsItsModulesDuringTheTransaction() throws Exception {
        DkmsTestContainer container = DkmsTestContainer.image();
        String kernel = container.kernel();
        String output = container.runScript("kernel-package-install-debian.sh",
                container.kernelPackage().toString());
        List<String> checks = output.lines().filter(l -> l.startsWith("CHECK ")).toList();
        assertEquals(List.of("CHECK purged yes", "CHECK status-without-kernel failing/1.0: added",
                "CHECK status-without-kernel kmodfarm-hello/0.1: added", "CHECK dpkg-i-status 0",
                "CHECK package install ok installed", "CHECK status-after-install failing/1.0: added",
                "CHECK status-after-install kmodfarm-hello/0.1, " + kernel + ", x86_64: installed",
                "CHECK signer DKMS module signing key", "CHECK hash sha256", "CHECK modules.dep 1"), checks, output);
        assertTrue(output.contains("'dkms kernel_postinst -k " + kernel + "' failed with exit status 11; the "
                + "kernel package goes on"), output);
    }
}
