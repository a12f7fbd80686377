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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.cli.PackagingIT.Exec;
import org.kmodfarm.core.farm.CellResult;

/**
 * SUSE's formats from a tree the real farm built (examples/hello for kernel-matrix/demo.yaml: an uncompressed
 * module for 6.1, an xz one for 6.12), checked by the real tools: rpm reads, verifies and installs the KMPs, and
 * lists their provides, requires, supplements and enhances; the ksym requirements carry the CRCs kmod's own
 * {@code modprobe --dump-modversions} reads from the same module; xorriso and tar list the SUSE driver update, whose
 * KMPs are mkkmp's. Two runs give the same bytes. No SUSE system is reachable here: zypper, weak-modules2 and
 * linuxrc are not run.
 */
class KmpIT {
    private static final String DUD = "linux/suse/x86_64-sles15/";
    @TempDir
    static Path work;
    static List<CellResult> built;

    @BeforeAll
    static void buildTheExampleAndPackageIt() throws IOException {
        built = PackagingIT.buildTheExample(work);
        PackagingIT.runIn(work, "mkkmp", "kmodfarm-hello/0.1", "--out", "k");
        PackagingIT.runIn(work, "mkdriverdisk", "kmodfarm-hello/0.1", "--type", "suse", "--out", "d");
        PackagingIT.runIn(work, "mkdriverdisk", "kmodfarm-hello/0.1", "--type", "suse", "--media", "tar", "--out",
                "d");
    }

    static Exec exec(String... command) throws IOException, InterruptedException {
        return PackagingIT.exec(work, command);
    }

    /** {@code 6.1.0-56-amd64} → {@code 0.1_k6.1.0_56}. */
    static String version(CellResult cell) {
        String kernel = cell.cell().kernel();
        return "0.1_k" + kernel.substring(0, kernel.lastIndexOf('-')).replace('-', '_');
    }

    static Path kmp(String dir, CellResult cell) {
        return work.resolve(dir).resolve("kmodfarm-hello-kmp-amd64-" + version(cell) + "-1.x86_64.rpm");
    }

    static Path module(CellResult cell) {
        return work.resolve("results/kmodfarm-hello/0.1/" + cell.cell().kernel() + "/x86_64/module/"
                + cell.modules().get(0).file());
    }

    @Test
    void rpmReadsVerifiesAndListsTheKmpsRelations() throws Exception {
        for (CellResult cell : built) {
            String kernel = cell.cell().kernel();
            String rpm = kmp("k", cell).toString();
            Exec info = exec("rpm", "-qip", rpm);
            assertEquals(0, info.exit(), info.output());
            for (String field : List.of("Name        : kmodfarm-hello-kmp-amd64", "Version     : " + version(cell),
                    "Release     : 1", "Architecture: x86_64", "License     : GPL")) {
                assertTrue(info.output().contains(field), field + " in\n" + info.output());
            }
            Exec list = exec("rpm", "-qlp", rpm);
            assertEquals("/lib/modules/" + kernel + "/updates/" + cell.modules().get(0).file(), list.output().strip());
            Exec check = exec("rpm", "-K", rpm);
            assertEquals(0, check.exit(), check.output());
            assertTrue(check.output().contains("digests OK"), check.output());

            Exec provides = exec("rpm", "-qp", "--provides", rpm);
            for (String p : List.of("kmodfarm-hello-kmp = " + version(cell), "kmodfarm-hello-kmp = 0.1",
                    "multiversion(kernel)", "kmodfarm-hello-kmp-amd64 = " + version(cell) + "-1")) {
                assertTrue(provides.output().lines().anyMatch(p::equals), p + " in\n" + provides.output());
            }
            Exec supplements = exec("rpm", "-qp", "--supplements", rpm);
            assertEquals("modalias(kernel-amd64:kmodfarm-hello)", supplements.output().strip(),
                    "the module's alias, as SUSE's find-supplements writes it");
            Exec enhances = exec("rpm", "-qp", "--enhances", rpm);
            assertEquals("kernel-amd64", enhances.output().strip());
            Exec scripts = exec("rpm", "-qp", "--scripts", rpm);
            assertTrue(scripts.output().contains("postinstall scriptlet (using /bin/sh)")
                    && scripts.output().contains("kernel-scriptlets/kmp-post --name kmodfarm-hello-kmp-amd64")
                    && scripts.output().contains("depmod -a " + kernel), scripts.output());
            requiresMatchModprobesView(cell, rpm);
        }
    }

    /**
     * Every symbol version {@code modprobe --dump-modversions} reads from the module is required as
     * {@code ksym(amd64:SYMBOL) = CRC}, and nothing else is besides {@code kernel-amd64} and rpmlib's own.
     */
    private static void requiresMatchModprobesView(CellResult cell, String rpm) throws Exception {
        Exec dump = exec("modprobe", "--dump-modversions", module(cell).toString());
        assertEquals(0, dump.exit(), dump.output());
        List<String> expected = new ArrayList<>(List.of("kernel-amd64"));
        Matcher m = Pattern.compile("(?m)^0x([0-9a-f]+)\\t(\\S+)$").matcher(dump.output());
        while (m.find()) {
            expected.add("ksym(amd64:" + m.group(2) + ") = " + Long.toHexString(Long.parseLong(m.group(1), 16)));
        }
        assertTrue(expected.size() > 3, "the module uses kernel symbols: " + dump.output());
        Exec requires = exec("rpm", "-qp", "--requires", rpm);
        List<String> actual = requires.output().lines().filter(l -> !l.startsWith("rpmlib(")).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), actual);
    }

    /**
     * The KMPs install into a root and come out again, their scriptlets run there: the root has a shell (Debian's
     * busybox-static) and a stand-in for SUSE's weak-modules2 that records how it is called, as the KMP's scriptlets
     * call it on a SUSE system without the newer kernel-scriptlets.
     */
    @Test
    void rpmInstallsAndErasesTheKmpsInARootCallingWeakModules2() throws Exception {
        for (CellResult cell : built) {
            String kernel = cell.cell().kernel();
            Path root = Files.createDirectories(work.resolve("root-" + kernel));
            Path bin = Files.createDirectories(root.resolve("bin"));
            Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
            for (String applet : List.of("sh", "sed", "rm")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            Files.createDirectories(root.resolve("run"));
            Path wm2 = Files.createDirectories(root.resolve("usr/lib/module-init-tools")).resolve("weak-modules2");
            Files.writeString(wm2, "#!/bin/sh\necho \"$@\" >> /weak-modules2.log\n");
            assertTrue(wm2.toFile().setExecutable(true));
            String nvr = "kmodfarm-hello-kmp-amd64-" + version(cell) + "-1";

            Exec install = exec("rpm", "--root", root.toString(), "-i", "--nodeps", kmp("k", cell).toString());
            assertEquals(0, install.exit(), install.output());
            assertFalse(install.output().contains("scriptlet failed"), install.output());
            assertEquals("--add-kmp " + nvr + "\n", Files.readString(root.resolve("weak-modules2.log")));
            Path file = root.resolve("lib/modules/" + kernel + "/updates/" + cell.modules().get(0).file());
            assertArrayEquals(Files.readAllBytes(module(cell)), Files.readAllBytes(file));
            // rpm names the package once per matching Provides: it has two of NAME-kmp
            Exec query = exec("rpm", "--root", root.toString(), "-q", "--whatprovides", "kmodfarm-hello-kmp");
            assertEquals(List.of("kmodfarm-hello-kmp-amd64-" + version(cell) + "-1.x86_64"),
                    query.output().lines().distinct().toList());
            Exec verify = exec("rpm", "--root", root.toString(), "-V", "--nodeps", "kmodfarm-hello-kmp-amd64");
            assertEquals(0, verify.exit(), "installed files match the header's digests: " + verify.output());
            Exec erase = exec("rpm", "--root", root.toString(), "-e", "--nodeps", "kmodfarm-hello-kmp-amd64");
            assertEquals(0, erase.exit(), erase.output());
            assertFalse(Files.exists(file));
            assertEquals("--add-kmp " + nvr + "\n--remove-kmp " + nvr + "\n",
                    Files.readString(root.resolve("weak-modules2.log")), "%preun listed the modules, %postun removed");
            assertFalse(Files.exists(root.resolve("run/rpm-" + nvr + "-modules")), "the list is cleaned up");
        }
    }

    @Test
    void theSuseDriverUpdateHoldsMkkmpsPackagesAndTheNewestKernelsModule() throws Exception {
        Path iso = work.resolve("d/dud-kmodfarm-hello-0.1.iso");
        Exec pvd = exec("xorriso", "-indev", iso.toString(), "-pvd_info");
        assertTrue(pvd.output().contains("Volume Id    : OEMDRV"), pvd.output());
        CellResult newest = built.get(built.size() - 1);
        List<String> expected = new ArrayList<>(List.of(DUD + "dud.config", DUD + "modules/module.order",
                DUD + "modules/" + newest.modules().get(0).file()));
        built.forEach(c -> expected.add(DUD + "install/" + kmp("k", c).getFileName()));
        Exec find = exec("xorriso", "-indev", iso.toString(), "-find");
        assertEquals(0, find.exit(), find.output());
        List<String> directories = List.of("linux", "linux/suse", DUD.substring(0, DUD.length() - 1),
                DUD + "install", DUD + "modules");
        List<String> files = find.output().lines().filter(l -> l.startsWith("'./"))
                .map(l -> l.substring(3, l.length() - 1)).filter(f -> !directories.contains(f)).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), files, find.output());

        Path tree = work.resolve("dud-iso");
        Exec extract = exec("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", tree.toString());
        assertEquals(0, extract.exit(), extract.output());
        for (CellResult c : built) {
            assertArrayEquals(Files.readAllBytes(kmp("k", c)), Files.readAllBytes(tree.resolve(DUD + "install")
                    .resolve(kmp("k", c).getFileName())), "the update carries mkkmp's package");
        }
        assertArrayEquals(Files.readAllBytes(module(newest)), Files.readAllBytes(tree.resolve(DUD + "modules/"
                + newest.modules().get(0).file())));
        assertEquals(newest.modules().get(0).file().replaceAll("\\.ko.*", "") + "\n",
                Files.readString(tree.resolve(DUD + "modules/module.order")));
        String config = Files.readString(tree.resolve(DUD + "dud.config"));
        assertTrue(config.contains("UpdateID:\t") && config.contains("UpdateName:\tkmodfarm-hello/0.1 kernel modules "
                + "for " + newest.cell().kernel()), config);

        Exec tar = exec("tar", "-tzf", work.resolve("d/dud-kmodfarm-hello-0.1.tar.gz").toString());
        assertEquals(0, tar.exit(), tar.output());
        for (String f : expected) {
            assertTrue(tar.output().lines().anyMatch(("./" + f)::equals), f + " in\n" + tar.output());
        }
    }

    @Test
    void twoRunsFromTheSameTreeGiveTheSameBytes() throws Exception {
        PackagingIT.runIn(work, "mkkmp", "kmodfarm-hello/0.1", "--out", "k2");
        PackagingIT.runIn(work, "mkdriverdisk", "kmodfarm-hello/0.1", "--type", "suse", "--out", "d2");
        PackagingIT.runIn(work, "mkdriverdisk", "kmodfarm-hello/0.1", "--type", "suse", "--media", "tar", "--out",
                "d2");
        for (CellResult c : built) {
            assertArrayEquals(Files.readAllBytes(kmp("k", c)), Files.readAllBytes(kmp("k2", c)));
        }
        for (String name : List.of("dud-kmodfarm-hello-0.1.iso", "dud-kmodfarm-hello-0.1.tar.gz")) {
            assertArrayEquals(Files.readAllBytes(work.resolve("d").resolve(name)),
                    Files.readAllBytes(work.resolve("d2").resolve(name)), name);
        }
    }
}
