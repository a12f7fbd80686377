package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.Digests;

/**
 * {@code kmodfarm install --root} into a Debian root exported from the rootfs image (kmodfarm/rootfs, as the
 * load test makes it), with a kernel directory holding an original module of the same name: the farm's
 * build of examples/hello goes to updates/dkms, the original to the root's DKMS original_module area; the
 * host's depmod -b and modinfo -b find ours; uninstall brings the original back and depmod forgets ours.
 */
class RootInstallIT {
    private static final String MODULE = "kmodfarm-hello/0.1";

    @TempDir
    Path work;
    final RealCli.Session cli = new RealCli.Session(() -> work);

    private String sh(String script) throws Exception {
        PackagingIT.Exec r = PackagingIT.exec(work, "sh", "-c", script);
        assertEquals(0, r.exit(), script + "\n" + r.output());
        return r.output();
    }

    @Test
    void installsWhereDkmsWouldReplacingTheOriginalAndUninstallRestoresIt() throws Exception {
        assertEquals(0, cli.run("build", RealFarmIT.repo("examples/hello").toString(), "--matrix",
                RealFarmIT.repo("kernel-matrix/demo.yaml").toString()), cli.out());
        Path cell;
        try (Stream<Path> dirs = Files.list(work.resolve("results/kmodfarm-hello/0.1"))) {
            cell = dirs.filter(d -> d.getFileName().toString().startsWith("6.1.")).findFirst().orElseThrow()
                    .resolve("x86_64");
        }
        String kernel = cell.getParent().getFileName().toString();
        Path ours = cell.resolve("module/kmodfarm_hello.ko");

        Path root = work.resolve("root");
        Files.createDirectories(root);
        String id = sh("docker create --label kmodfarm.test=RootInstallIT kmodfarm/rootfs:debian-bookworm-amd64 "
                + "/bin/true").strip();
        try {
            sh("docker export " + id + " | tar -x -C " + root + " --exclude=dev");
        } finally {
            sh("docker rm " + id);
        }
        // The kernel's own module of that name, made different from ours by trailing bytes modinfo ignores.
        Path original = root.resolve("lib/modules/" + kernel + "/kernel/drivers/misc/kmodfarm_hello.ko");
        Files.createDirectories(original.getParent());
        Files.write(original, Files.readAllBytes(ours));
        Files.writeString(original, "the kernel's copy\n", java.nio.file.StandardOpenOption.APPEND);
        String originalDigest = Digests.sha256(Files.readAllBytes(original));

        assertEquals(0, cli.run("install", MODULE, "--root", root.toString(), "-k", kernel), cli.out());
        Path installed = root.resolve("lib/modules/" + kernel + "/updates/dkms/kmodfarm_hello.ko");
        assertEquals(Digests.sha256(Files.readAllBytes(ours)), Digests.sha256(Files.readAllBytes(installed)),
                cli.out());
        assertFalse(Files.exists(original), "the original is moved aside: " + cli.out());
        Path archived = root.resolve("var/lib/dkms/kmodfarm-hello/original_module/" + kernel + "/x86_64");
        assertEquals("/lib/modules/" + kernel + "/kernel/drivers/misc/kmodfarm_hello.ko\n",
                Files.readString(archived.resolve("kmodfarm_hello.ko.origin")));
        assertTrue(Files.readString(root.resolve("lib/modules/" + kernel + "/modules.dep"))
                .contains("updates/dkms/kmodfarm_hello.ko:"), "depmod -b indexed it");
        assertEquals(installed.toString(), sh("modinfo -b " + root + " -k " + kernel + " -F filename kmodfarm_hello")
                .strip());
        assertEquals("0.1", sh("modinfo -b " + root + " -k " + kernel + " -F version kmodfarm_hello").strip());
        assertEquals("0.1/" + kernel + "/x86_64", Files.readSymbolicLink(root.resolve(
                "var/lib/dkms/kmodfarm-hello/kernel-" + kernel + "-x86_64")).toString(),
                "the root's DKMS sees it installed");
        assertEquals("/usr/src/kmodfarm-hello-0.1", Files.readSymbolicLink(root.resolve(
                "var/lib/dkms/kmodfarm-hello/0.1/source")).toString());
        assertTrue(Files.isRegularFile(root.resolve("usr/src/kmodfarm-hello-0.1/dkms.conf")));

        assertEquals(0, cli.run("uninstall", MODULE, "--root", root.toString()), cli.out());
        assertFalse(Files.exists(installed), cli.out());
        assertEquals(originalDigest, Digests.sha256(Files.readAllBytes(original)), "the original is restored");
        assertFalse(Files.exists(archived), cli.out());
        String dep = Files.readString(root.resolve("lib/modules/" + kernel + "/modules.dep"));
        assertTrue(dep.contains("kernel/drivers/misc/kmodfarm_hello.ko:"), dep);
        assertFalse(dep.contains("updates/dkms"), dep);
    }
}
