package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.cli.PackagingIT.Exec;
import org.kmodfarm.core.farm.CellResult;

/**
 * {@code mkdriverdisk --type ubuntu} on a tree the real farm built (examples/hello for kernel-matrix/demo.yaml),
 * read by real tools: xorriso shows the OEMDRV label and the folder debian-installer reads, blkid finds the label
 * on the image's first partition too, the check the installer makes of each package (Architecture from
 * {@code control.tar.gz}) passes, the packages hold mkbmdeb's files and fields plus the preinst, and in the
 * kernel's builder image (Debian, no network) dpkg installs the package where its kernel is installed or running
 * and the preinst refuses it where not. Two runs give the same bytes.
 */
class UbuntuDriverDiskIT {
    static final String DRIVERS = "debian-drivers/bookworm/";
    @TempDir
    static Path work;
    static List<CellResult> built;

    static void run(String... args) {
        PackagingIT.runIn(work, args);
    }

    static Exec exec(String... command) throws IOException, InterruptedException {
        return PackagingIT.exec(work, command);
    }

    @BeforeAll
    static void buildTheExampleAndMakeTheDisks() throws Exception {
        built = PackagingIT.buildTheExample(work);
        run("mkbmdeb", "kmodfarm-hello/0.1", "--out", "a");
        run("mkdeb", "kmodfarm-hello/0.1", "--out", "a");
        run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "ubuntu", "--out", "dd");
        run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "ubuntu", "--media", "tar", "--out", "dd");
        Exec extract = exec("xorriso", "-osirrox", "on", "-indev", iso().toString(), "-extract", "/",
                work.resolve("tree").toString());
        assertEquals(0, extract.exit(), extract.output());
    }

    static Path iso() {
        return work.resolve("dd/dd-kmodfarm-hello-0.1-ubuntu.iso");
    }

    static String debName(CellResult cell) {
        return "kmodfarm-hello-modules-" + cell.cell().kernel() + "_0.1_amd64.deb";
    }

    static Path diskDeb(CellResult cell) {
        return work.resolve("tree/" + DRIVERS + debName(cell));
    }

    @Test
    void theIsoIsLabelledOemdrvAndHoldsThePackagesWhereTheInstallerLooks() throws Exception {
        Exec pvd = exec("xorriso", "-indev", iso().toString(), "-pvd_info");
        assertTrue(pvd.output().contains("Volume Id    : OEMDRV"), pvd.output());
        Exec find = exec("xorriso", "-indev", iso().toString(), "-find");
        assertEquals(0, find.exit(), find.output());
        List<String> expected = new ArrayList<>(List.of("'./source/kmodfarm-hello-dkms_0.1_all.deb'"));
        built.forEach(c -> expected.add("'./" + DRIVERS + debName(c) + "'"));
        List<String> files = find.output().lines().filter(l -> l.endsWith(".deb'")).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), files, find.output());
        Exec tar = exec("tar", "-tzf", work.resolve("dd/dd-kmodfarm-hello-0.1-ubuntu.tar.gz").toString());
        assertEquals(expected.stream().map(e -> e.substring(1, e.length() - 1)).sorted().toList(),
                tar.output().lines().filter(l -> l.endsWith(".deb")).sorted().toList(), tar.output());
        // written to a USB stick, the label must be on a partition: the installer looks at USB partitions only
        byte[] image = Files.readAllBytes(iso());
        assertEquals(0x55, image[510] & 0xff, "an MBR");
        assertEquals(0xaa, image[511] & 0xff, "an MBR");
        long start = java.nio.ByteBuffer.wrap(image, 446 + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        Path partition = work.resolve("partition-1.img");
        Files.write(partition, java.util.Arrays.copyOfRange(image, (int) (start * 512), image.length));
        Exec blkid = exec("blkid", "-p", partition.toString());
        assertTrue(blkid.output().contains("LABEL=\"OEMDRV\"") && blkid.output().contains("TYPE=\"iso9660\""),
                "partition 1 from sector " + start + ": " + blkid.output());
        for (CellResult c : built) {
            // what driver-injection-disk-detect does before it unpacks a package: the control member by name
            Exec arch = exec("sh", "-c", "ar p '" + diskDeb(c) + "' control.tar.gz | tar zxO ./control "
                    + "| grep '^Architecture:'");
            assertEquals("Architecture: amd64", arch.output().strip(), arch.output());
        }
    }

    @Test
    void theDisksPackagesAreMkbmdebsWithThePreinstAndTheSourceIsMkdebs() throws Exception {
        for (CellResult c : built) {
            String disk = diskDeb(c).toString();
            String plain = work.resolve("a/" + debName(c)).toString();
            assertEquals(exec("dpkg-deb", "-f", plain).output(), exec("dpkg-deb", "-f", disk).output());
            Exec contents = exec("dpkg-deb", "-c", disk);
            assertEquals(0, contents.exit(), contents.output());
            assertEquals(exec("dpkg-deb", "-c", plain).output(), contents.output());
            assertEquals(exec("sh", "-c", "dpkg-deb --fsys-tarfile '" + plain + "' | sha256sum").output(),
                    exec("sh", "-c", "dpkg-deb --fsys-tarfile '" + disk + "' | sha256sum").output());
            Exec info = exec("dpkg-deb", "-I", disk);
            assertTrue(info.output().contains(" preinst ") && info.output().contains("Depends: linux-image-"
                    + c.cell().kernel()), info.output());
            assertEquals(List.of("./", "./control", "./md5sums", "./postinst", "./postrm", "./preinst"),
                    exec("sh", "-c", "dpkg-deb --ctrl-tarfile '" + disk + "' | tar -t").output().lines().sorted()
                            .toList());
            assertEquals(List.of("debian-binary", "control.tar.gz", "data.tar.gz"),
                    exec("ar", "t", disk).output().lines().toList());
            Exec lintian = exec("lintian", "--fail-on", "error", disk);
            assertEquals(0, lintian.exit(), lintian.output());
        }
        assertArrayEquals(Files.readAllBytes(work.resolve("a/kmodfarm-hello-dkms_0.1_all.deb")),
                Files.readAllBytes(work.resolve("tree/source/kmodfarm-hello-dkms_0.1_all.deb")));
    }

    /**
     * In the kernel's builder image, which has the kernel's headers but not the kernel, and runs the host's:
     * refused. With a {@code uname} answering the kernel (as in the installer's own environment): installed,
     * depmod indexes it; the other kernel's package is refused there. Into an image root by dpkg
     * {@code --root --force-script-chrootless} ({@code $DPKG_ROOT} set): refused until the kernel's files (the
     * real linux-image package, unpacked with dpkg-deb -x) are in that root, then installed. With the real kernel
     * package unpacked in the container (the target system of an installer whose kernel differs): installed.
     */
    @Test
    void thePreinstInstallsWhereTheKernelIsInstalledOrRunningAndRefusesElsewhere() throws Exception {
        CellResult cell = built.get(0);
        String kernel = cell.cell().kernel();
        Path kernels = Files.createDirectories(work.resolve("kernel"));
        Exec download = PackagingIT.exec(kernels, "apt-get", "download", "linux-image-" + kernel);
        assertEquals(0, download.exit(), "the kernel package from the machine's mirror: " + download.output());
        String pkg = "kmodfarm-hello-modules-" + kernel;
        String deb = "/work/tree/" + DRIVERS + debName(cell);
        String other = "/work/tree/" + DRIVERS + debName(built.get(1));
        String refused = "then echo UNEXPECTED; exit 1; fi\n";
        Exec result = inContainer(cell, "set -e\n"
                + "echo \"== headers only, running $(uname -r)\"\n"
                + "if dpkg -i --force-depends " + deb + "; " + refused
                + "test ! -e /lib/modules/" + kernel + "/updates\n"
                + "echo \"status: $(dpkg-query -W -f='${db:Status-Abbrev}' " + pkg + " 2>&1)\"\n"
                + "echo '== running " + kernel + "'\n"
                + "mkdir /tmp/running\n"
                + "printf '#!/bin/sh\\nif [ \"$1\" = -r ]; then echo %s; else exec /bin/uname \"$@\"; fi\\n' "
                + kernel + " > /tmp/running/uname\n"
                + "chmod 755 /tmp/running/uname\n"
                + "PATH=/tmp/running:$PATH dpkg -i --force-depends " + deb + "\n"
                + "grep '^updates/dkms/kmodfarm_hello.ko:' /lib/modules/" + kernel + "/modules.dep\n"
                + "dpkg -r " + pkg + "\n"
                + "if PATH=/tmp/running:$PATH dpkg -i --force-depends " + other + "; " + refused
                + "echo '== image root'\n"
                + "img=/tmp/img\n"
                + "mkdir -p $img/var/lib/dpkg/info $img/var/lib/dpkg/updates\n"
                + "touch $img/var/lib/dpkg/status\n"
                + "if dpkg --root=$img --force-script-chrootless --force-depends -i " + deb + "; " + refused
                + "dpkg-deb -x /work/kernel/linux-image-" + kernel + "_*.deb $img\n"
                + "dpkg --root=$img --force-script-chrootless --force-depends -i " + deb + "\n"
                + "cmp $img/lib/modules/" + kernel + "/updates/dkms/kmodfarm_hello.ko /work/results/kmodfarm-hello/"
                + "0.1/" + kernel + "/x86_64/module/kmodfarm_hello.ko\n"
                // depmod indexed the image root's modules, not the container's
                + "grep '^updates/dkms/kmodfarm_hello.ko:' $img/lib/modules/" + kernel + "/modules.dep\n"
                + "echo '== kernel package unpacked'\n"
                + "dpkg --unpack --force-depends /work/kernel/linux-image-" + kernel + "_*.deb >/dev/null\n"
                + "dpkg -i --force-depends " + deb + "\n"
                + "modinfo -k " + kernel + " -F vermagic kmodfarm_hello\n"
                + "echo done\n");
        String out = result.output();
        assertEquals(0, result.exit(), out);
        String refusal = pkg + ": refusing to install modules for Linux " + kernel + ": this system runs Linux ";
        assertTrue(out.contains(refusal) && out.contains("has no kernel " + kernel + " installed (no /lib/modules/"
                + kernel + "/kernel); install linux-image-" + kernel + " first"), out);
        assertFalse(out.contains("status: ii"), "a refused package is not installed: " + out);
        String otherKernel = built.get(1).cell().kernel();
        assertTrue(out.contains("kmodfarm-hello-modules-" + otherKernel + ": refusing to install modules for Linux "
                + otherKernel + ": this system runs Linux " + kernel + " "), out);
        assertTrue(out.contains("(no /tmp/img/lib/modules/" + kernel + "/kernel)"), "$DPKG_ROOT is honoured: " + out);
        assertTrue(out.contains("updates/dkms/kmodfarm_hello.ko:"), out);
        assertTrue(out.contains(kernel + " SMP") && out.contains("done"), out);
    }

    @Test
    void twoRunsGiveByteIdenticalDisks() throws IOException {
        run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "ubuntu", "--out", "dd2");
        run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "ubuntu", "--media", "tar", "--out", "dd2");
        for (String name : List.of("dd-kmodfarm-hello-0.1-ubuntu.iso", "dd-kmodfarm-hello-0.1-ubuntu.tar.gz")) {
            assertArrayEquals(Files.readAllBytes(work.resolve("dd").resolve(name)),
                    Files.readAllBytes(work.resolve("dd2").resolve(name)), name);
        }
    }

    /** The script as root in the cell's builder image, offline, the work folder read-only. */
    private static Exec inContainer(CellResult cell, String script) throws Exception {
        String name = "kmodfarm-ubuntu-dd-it-" + UUID.randomUUID();
        try {
            return exec("docker", "run", "--rm", "--name", name, "--label", "kmodfarm.managed=true",
                    "--network", "none", "--user", "0", "-v", work + ":/work:ro", cell.image().tag(),
                    "sh", "-c", script);
        } finally {
            exec("docker", "rm", "-f", name);
        }
    }
}
