package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *
 * <p>One disposable root container (about 1 minute); the image comes from {@code scripts/dkms-upstream-tests
 * --print-image}, which builds it the first time (about 70 s).
 */
class KernelHooksDebianIT {
    private static final Path REPO = DkmsUpstreamSuiteIT.REPO;

    private static String run(long minutes, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kernel-hooks-debian", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command + "\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void thePackagesHooksBuildSignAndRemoveModulesAndAFailingOneNeverFailsThePackage() throws Exception {
        List<String> printed = run(10, List.of(DkmsUpstreamSuiteIT.SCRIPT.toString(), "--print-image")).lines()
                .filter(l -> l.startsWith("kmodfarm/dkms-test:")).toList();
        assertEquals(1, printed.size(), "the test image tag: " + printed);
        String image = printed.get(0);
        String kernel = image.substring("kmodfarm/dkms-test:".length(), image.lastIndexOf('-'));
        Path script = Files.createTempFile("kernel-hooks-debian", ".sh");
        try (InputStream in = KernelHooksDebianIT.class.getResourceAsStream("/kernel-hooks-debian.sh")) {
            Files.write(script, in.readAllBytes());
            String output = run(10, List.of("docker", "run", "--rm", "--label", "kmodfarm.managed=true",
                    "--label", "kmodfarm.kind=dkms-test", "-v", REPO + ":" + REPO + ":ro", "-v",
                    script + ":/check.sh:ro", image, "bash", "/check.sh", REPO.toString()));
            List<String> checks = output.lines().filter(l -> l.startsWith("CHECK ")).toList();
            assertEquals(List.of("CHECK postinst-status 0", "CHECK package install ok installed",
                    "CHECK status-after-postinst failing/1.0: added",
                    "CHECK status-after-postinst kmodfarm-hello/0.1, " + kernel + ", x86_64: installed",
                    "CHECK signer DKMS module signing key", "CHECK hash sha256", "CHECK modules.dep 1",
                    "CHECK prerm-status 0", "CHECK status-after-prerm failing/1.0: added",
                    "CHECK status-after-prerm kmodfarm-hello/0.1: added"), checks, output);
            assertTrue(output.contains("'dkms kernel_postinst -k " + kernel + "' failed with exit status 11; the "
                    + "kernel package goes on"), output);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
