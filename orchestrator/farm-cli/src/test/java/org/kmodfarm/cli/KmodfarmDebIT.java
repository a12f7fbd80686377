package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kmodfarm's own .deb ({@code kmodfarm package-self}) against Debian's tools and a real Debian system: dpkg-deb
 * reads it, lintian finds no error, and in the DKMS test image (bookworm with a kernel package and its headers
 * installed by dpkg; no network) {@code dpkg -i} installs it without forcing anything, after which a real
 * Debian {@code *-dkms} package (acpi-call-dkms, downloaded from the machine's mirror) installs against it: its
 * dh_dkms postinst runs kmodfarm's common.postinst, which adds, builds and installs the module through
 * kmodfarm's dkms; removing the packages removes the module. Two runs give the same bytes.
 */
class KmodfarmDebIT {
    @TempDir
    static Path work;
    static Path deb;

    static void run(String... args) {
        PackagingIT.runIn(work, args);
    }

    /** A copy of the jar, so a rebuild of the checkout's jar during the test cannot change what is packaged. */
    static Path jar;

    @BeforeAll
    static void packageKmodfarm() throws IOException {
        jar = Files.copy(RealFarmIT.repo("orchestrator/farm-cli/target/kmodfarm.jar"), work.resolve("kmodfarm.jar"));
        Files.copy(RealFarmIT.repo("orchestrator/farm-cli/target/kmodfarm-cell.jar"),
                work.resolve("kmodfarm-cell.jar"));
        run("package-self", "--jar", jar.toString(), "--out", "a");
        try (Stream<Path> files = Files.list(work.resolve("a"))) {
            List<Path> debs = files.toList();
            assertEquals(1, debs.size(), debs.toString());
            deb = debs.get(0);
        }
        assertTrue(deb.getFileName().toString().matches("kmodfarm_[0-9][^_]*_all\\.deb"), deb.toString());
    }

    @Test
    void twoRunsGiveTheSameBytes() throws IOException {
        run("package-self", "--jar", jar.toString(), "--out", "b");
        assertArrayEquals(Files.readAllBytes(deb), Files.readAllBytes(work.resolve("b").resolve(deb.getFileName())));
    }

    @Test
    void dpkgDebReadsItAndLintianFindsNoError() throws Exception {
        PackagingIT.Exec info = PackagingIT.exec(work, "dpkg-deb", "-I", deb.toString());
        assertEquals(0, info.exit(), info.output());
        for (String field : List.of("Package: kmodfarm\n", "Architecture: all\n",
                "Depends: java17-runtime-headless, make, c-compiler, kmod, patch\n", "Conflicts: dkms\n",
                "Provides: dkms (= 3.2.2)\n", "Replaces: dkms\n", " conffiles")) {
            assertTrue(info.output().contains(field), field + " in\n" + info.output());
        }
        PackagingIT.Exec contents = PackagingIT.exec(work, "dpkg-deb", "-c", deb.toString());
        for (String file : List.of("./usr/sbin/dkms", "./usr/bin/kmodfarm", "./usr/share/kmodfarm/kmodfarm.jar",
                "./etc/kernel/postinst.d/dkms", "./usr/lib/dkms/common.postinst", "./usr/lib/dkms/dkms_autoinstaller",
                "./usr/share/man/man8/dkms.8.gz", "./usr/share/man/man1/kmodfarm.1.gz",
                "./usr/share/man/man1/kmodfarm-mktarball.1.gz", "./usr/share/bash-completion/completions/kmodfarm")) {
            assertTrue(contents.output().contains(" " + file + "\n"), file + " in\n" + contents.output());
        }
        PackagingIT.Exec lintian = PackagingIT.exec(work, "lintian", "--fail-on", "error", deb.toString());
        assertEquals(0, lintian.exit(), lintian.output());
        assertFalse(lintian.output().lines().anyMatch(l -> l.startsWith("E: ")), lintian.output());
    }

    @Test
    void aDebianDkmsPackageInstallsBuildsAndRemovesItsModuleThroughIt() throws Exception {
        Path debs = Files.createDirectories(work.resolve("debian"));
        PackagingIT.Exec download = PackagingIT.exec(debs, "apt-get", "download", "acpi-call-dkms");
        assertEquals(0, download.exit(), "acpi-call-dkms from the machine's mirror: " + download.output());
        Files.copy(deb, debs.resolve(deb.getFileName()));
        DkmsTestContainer image = DkmsTestContainer.image();
        String kernel = image.kernel();
        String module = "/lib/modules/" + kernel + "/updates/dkms/acpi_call.ko";
        String name = "kmodfarm-deb-it-" + UUID.randomUUID();
        try {
            PackagingIT.Exec result = PackagingIT.exec(work, "docker", "run", "--rm", "--name", name, "--label",
                    "kmodfarm.managed=true", "--network", "none", "--user", "0", "-v", debs + ":/debs:ro",
                    image.tag(), "sh", "-c", "set -e\n"
                            + "dpkg -i /debs/" + deb.getFileName() + "\n"
                            + "dkms --version\n"
                            + "kmodfarm --version\n"
                            + "dpkg -i /debs/acpi-call-dkms_*.deb\n"
                            + "dkms status\n"
                            + "ls " + module + "*\n"
                            + "modinfo -k " + kernel + " -F vermagic acpi_call\n"
                            + "bash -c '. /usr/share/bash-completion/completions/kmodfarm && complete -p kmodfarm'\n"
                            + "dpkg -r acpi-call-dkms\n"
                            + "test -z \"$(dkms status)\"\n"
                            + "! ls " + module + "* 2>/dev/null\n"
                            + "dpkg -r kmodfarm\n"
                            + "! test -e /usr/sbin/dkms\n"
                            + "echo removed\n");
            assertEquals(0, result.exit(), result.output());
            String out = result.output();
            assertTrue(out.contains("dkms-3.2.2"), "dkms --version: " + out);
            assertTrue(out.contains("acpi-call/1.2.2, " + kernel + ", x86_64: installed"), out);
            assertTrue(out.contains(kernel + " SMP"), "modinfo finds it by name (depmod ran): " + out);
            assertTrue(out.contains("-F _complete_kmodfarm kmodfarm\n"), "bash completion: " + out);
            assertTrue(out.contains("removed"), out);
        } finally {
            PackagingIT.exec(work, "docker", "rm", "-f", name);
        }
    }

    /**
     * The installed kmodfarm runs a farm build: the demo, from a working folder with no checkout, with the cell
     * runner and the matrix the package ships, on the machine's engine (its socket mounted; the builder images
     * are the machine's).
     */
    @Test
    void theInstalledKmodfarmRunsTheDemoOnTheMachinesEngine() throws Exception {
        Path debs = Files.createDirectories(work.resolve("farm"));
        Files.copy(deb, debs.resolve(deb.getFileName()));
        String name = "kmodfarm-deb-farm-it-" + UUID.randomUUID();
        try {
            PackagingIT.Exec result = PackagingIT.exec(work, "docker", "run", "--rm", "--name", name, "--label",
                    "kmodfarm.managed=true", "--user", "0", "-v", "/var/run/docker.sock:/var/run/docker.sock",
                    "-v", debs + ":/debs:ro", DkmsTestContainer.image().tag(), "sh", "-c", "set -e\n"
                            + "dpkg -i /debs/" + deb.getFileName() + "\n"
                            + "mkdir /work && cd /work\n"
                            + "kmodfarm demo\n"
                            + "find results -name '*.ko*' -path '*/module/*' | sort\n");
            assertEquals(0, result.exit(), result.output());
            // the demo matrix's two kernels (its newest 6.1 and backports' newest), each with its module
            assertEquals(2, result.output().lines().filter(l -> l.matches("results/kmodfarm-hello/0\\.1/[^/]+"
                    + "/x86_64/module/kmodfarm_hello\\.ko(\\.xz)?")).count(), result.output());
        } finally {
            PackagingIT.exec(work, "docker", "rm", "-f", name);
        }
    }
}
