package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.ModuleInfo;

/**
 * The packaging verbs on a tree the real farm built (examples/hello for kernel-matrix/demo.yaml: an uncompressed
 * module for 6.1, an xz one for 6.12), checked by Debian's own tools: dpkg-deb reads them, lintian finds no
 * error, dpkg installs them into the kernel's builder image (a Debian container, no network), where depmod
 * indexes the module; the DKMS package installs through kmodfarm's own {@code dkms} entry point, which adds,
 * builds and installs the module there. Two runs give the same bytes.
 */
class PackagingIT {
    @TempDir
    static Path work;
    static List<CellResult> built;

    record Exec(int exit, String output) {
    }

    static void run(String... args) {
        runIn(work, args);
    }

    /** kmodfarm in {@code dir} with this checkout as its home; it must exit 0. */
    static void runIn(Path dir, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, dir, Map.of("KMODFARM_HOME", RealFarmIT.repo("").toString()), DockerServices::new,
                new PrintWriter(o), new PrintWriter(e));
        assertEquals(0, code, String.join(" ", args) + "\n" + e + o);
    }

    static Exec exec(String... command) throws IOException, InterruptedException {
        return exec(work, command);
    }

    static Exec exec(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        // read before waiting, so a chatty tool cannot fill the pipe and stall
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Exec(p.exitValue(), output);
    }

    /**
     * Builds examples/hello for kernel-matrix/demo.yaml with the real farm into {@code dir}'s tree.
     *
     * @return the records of its two BUILT cells, by kernel
     */
    static List<CellResult> buildTheExample(Path dir) throws IOException {
        runIn(dir, "build", RealFarmIT.repo("examples/hello").toString(), "--matrix",
                RealFarmIT.repo("kernel-matrix/demo.yaml").toString());
        List<CellResult> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("results/.kmodfarm/cells/kmodfarm-hello/0.1"))) {
            for (Path r : files.filter(p -> p.getFileName().toString().equals("result.json")).sorted().toList()) {
                records.add(FarmTree.readJson(r, CellResult.class));
            }
        }
        assertEquals(2, records.size(), records.toString());
        return records;
    }

    @BeforeAll
    static void buildTheExampleAndPackageIt() throws IOException {
        built = buildTheExample(work);
        run("mkbmdeb", "kmodfarm-hello/0.1", "--out", "a");
        run("mkdeb", "kmodfarm-hello/0.1", "--out", "a");
        run("mkrpm", "kmodfarm-hello/0.1", "--out", "a");
        run("mktarball", "kmodfarm-hello/0.1", "--binaries-only", "--out", "t");
        run("mktarball", "kmodfarm-hello/0.1", "--binaries-only", "-k", built.get(0).cell().kernel(), "--out", "t1");
        run("mktarball", "kmodfarm-hello/0.1", "-k", built.get(0).cell().kernel(), "--out", "t1s");
        run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "redhat", "--out", "dd");
        run("mkrpm", "kmodfarm-hello/0.1", "--source", "--out", "s");
        run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "redhat", "--media", "tar", "--out", "dd");
    }

    static List<Path> packages(String dir) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve(dir))) {
            return files.sorted().toList();
        }
    }

    static Path bmdeb(CellResult cell) {
        return work.resolve("a/kmodfarm-hello-modules-" + cell.cell().kernel() + "_0.1_amd64.deb");
    }

    static Path rpm(CellResult cell) {
        return work.resolve("a/kmod-kmodfarm-hello-" + cell.cell().kernel() + "-0.1-1.x86_64.rpm");
    }

    static Path dkmsDeb() {
        return work.resolve("a/kmodfarm-hello-dkms_0.1_all.deb");
    }

    @Test
    void twoRunsFromTheSameTreeGiveByteIdenticalPackages() throws IOException {
        run("mkbmdeb", "kmodfarm-hello/0.1", "--out", "b");
        run("mkdeb", "kmodfarm-hello/0.1", "--out", "b");
        run("mkrpm", "kmodfarm-hello/0.1", "--out", "b");
        List<Path> a = packages("a");
        List<Path> b = packages("b");
        assertEquals(5, a.size(), a.toString());
        assertEquals(a.stream().map(Path::getFileName).toList(), b.stream().map(Path::getFileName).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
        }
    }

    @Test
    void dpkgDebReadsTheControlFieldsAndTheFiles() throws Exception {
        for (CellResult cell : built) {
            String kernel = cell.cell().kernel();
            Exec info = exec("dpkg-deb", "-I", bmdeb(cell).toString());
            assertEquals(0, info.exit(), info.output());
            for (String field : List.of("Package: kmodfarm-hello-modules-" + kernel, "Version: 0.1",
                    "Architecture: amd64", "Maintainer: kmodfarm <packages@kmodfarm.invalid>",
                    "Depends: linux-image-" + kernel, "Section: kernel", "Priority: optional", "Installed-Size: ",
                    "Description: kmodfarm-hello kernel modules for Linux " + kernel, " postinst", " postrm",
                    " md5sums")) {
                assertTrue(info.output().contains(field), field + " in\n" + info.output());
            }
            Exec contents = exec("dpkg-deb", "-c", bmdeb(cell).toString());
            assertEquals(0, contents.exit(), contents.output());
            for (ModuleInfo m : cell.modules()) {
                assertTrue(contents.output().contains("-rw-r--r-- root/root") && contents.output()
                        .contains(" ./lib/modules/" + kernel + "/updates/dkms/" + m.file() + "\n"), contents.output());
            }
        }
        Exec info = exec("dpkg-deb", "-I", dkmsDeb().toString());
        assertTrue(info.output().contains("Package: kmodfarm-hello-dkms") && info.output().contains("Depends: dkms")
                && info.output().contains("Architecture: all") && info.output().contains(" prerm"), info.output());
        Exec contents = exec("dpkg-deb", "-c", dkmsDeb().toString());
        assertTrue(contents.output().contains(" ./usr/src/kmodfarm-hello-0.1/dkms.conf\n"), contents.output());
    }

    @Test
    void lintianFindsNoErrors() throws Exception {
        for (Path deb : packages("a").stream().filter(p -> p.toString().endsWith(".deb")).toList()) {
            Exec lintian = exec("lintian", "--fail-on", "error", deb.toString());
            assertEquals(0, lintian.exit(), deb + "\n" + lintian.output());
            assertFalse(lintian.output().lines().anyMatch(l -> l.startsWith("E: ")), lintian.output());
        }
    }

    @Test
    void aBinaryModulePackageInstallsIntoADebianContainerAndDepmodIndexesIt() throws Exception {
        for (CellResult cell : built) {
            String kernel = cell.cell().kernel();
            String module = cell.modules().get(0).file();
            String pkg = "kmodfarm-hello-modules-" + kernel;
            Exec installed = inContainer(cell, "set -e\n"
                    + "dpkg -i --force-depends /work/a/" + bmdeb(cell).getFileName() + "\n"
                    + "test -f /lib/modules/" + kernel + "/updates/dkms/" + module + "\n"
                    + "grep '^updates/dkms/" + module + ":' /lib/modules/" + kernel + "/modules.dep\n"
                    + "modinfo -k " + kernel + " -F vermagic kmodfarm_hello\n"
                    + "dpkg -r " + pkg + "\n"
                    + "test ! -e /lib/modules/" + kernel + "/updates/dkms/" + module + "\n"
                    + "echo removed\n");
            assertEquals(0, installed.exit(), installed.output());
            assertTrue(installed.output().contains("updates/dkms/" + module + ":"), installed.output());
            assertTrue(installed.output().contains(kernel + " SMP"), "modinfo finds it by name: " + installed.output());
            assertTrue(installed.output().contains("removed"), installed.output());
        }
    }

    /** What Debian's dkms package would provide: its tree and the dkms command (here kmodfarm's). */
    static final String KMODFARMS_DKMS = "mkdir -p /var/lib/dkms\n"
            + "printf '#!/bin/sh\\nexec java -cp /opt/kmodfarm/kmodfarm.jar "
            + "org.kmodfarm.cli.dkms.DkmsMain \"$@\"\\n' > /usr/sbin/dkms\n"
            + "chmod 755 /usr/sbin/dkms\n";

    @Test
    void theDkmsPackageAddsBuildsAndInstallsThroughKmodfarmsDkms() throws Exception {
        dkmsPackageRoundTrip(KMODFARMS_DKMS);
    }

    @Test
    void theDkmsPackageAddsBuildsAndInstallsThroughDebiansDkms() throws Exception {
        Path debs = Files.createDirectories(work.resolve("debian-dkms"));
        Exec download = exec(debs, "apt-get", "download", "dkms");
        assertEquals(0, download.exit(), "Debian's dkms package from the machine's mirror: " + download.output());
        // its dependencies (gcc, make, kmod, patch…) are in the builder image already
        dkmsPackageRoundTrip("dpkg -i --force-depends /work/debian-dkms/dkms_*.deb\n"
                + "dkms --version\n");
    }

    /**
     * Installs the -dkms package where {@code setup} made a dkms command available, next to a kernel whose
     * headers folder exists but holds nothing (the module cannot build for it: that must only warn), then removes
     * it: the module is built and installed for the image's kernel, then gone again.
     */
    private static void dkmsPackageRoundTrip(String setup) throws Exception {
        CellResult cell = built.get(0);
        String kernel = cell.cell().kernel();
        Exec installed = inContainer(cell, "set -e\n" + setup
                + "mkdir -p /lib/modules/9.9.9-broken/build\n"
                + "dpkg -i --force-depends /work/a/" + dkmsDeb().getFileName() + "\n"
                + "dkms status\n"
                + "test -f /lib/modules/" + kernel + "/updates/dkms/kmodfarm_hello.ko\n"
                + "dpkg -r kmodfarm-hello-dkms\n"
                + "test -z \"$(dkms status)\"\n"
                + "test ! -e /lib/modules/" + kernel + "/updates/dkms/kmodfarm_hello.ko\n"
                + "test ! -e /usr/src/kmodfarm-hello-0.1\n"
                + "echo removed\n");
        assertEquals(0, installed.exit(), installed.output());
        assertTrue(installed.output().contains("kmodfarm-hello/0.1, " + kernel + ", x86_64: installed"),
                installed.output());
        assertTrue(installed.output().contains("warning: kmodfarm-hello 0.1 did not build or install for kernel "
                + "9.9.9-broken"), "a kernel it cannot build for only warns: " + installed.output());
        assertTrue(installed.output().contains("removed"), installed.output());
    }

    @Test
    void rpmReadsVerifiesAndInstallsTheKmodPackages() throws Exception {
        for (CellResult cell : built) {
            String kernel = cell.cell().kernel();
            String rpm = rpm(cell).toString();
            String name = "kmod-kmodfarm-hello-" + kernel;
            Exec info = exec("rpm", "-qip", rpm);
            assertEquals(0, info.exit(), info.output());
            for (String field : List.of("Name        : " + name, "Version     : 0.1", "Release     : 1",
                    "Architecture: x86_64", "License     : GPL", "Group       : System Environment/Kernel",
                    "Packager    : kmodfarm <packages@kmodfarm.invalid>", "Build Host  : kmodfarm")) {
                assertTrue(info.output().contains(field), field + " in\n" + info.output());
            }
            String file = "/lib/modules/" + kernel + "/extra/kmodfarm-hello/" + cell.modules().get(0).file();
            Exec list = exec("rpm", "-qlp", rpm);
            assertEquals(file, list.output().strip(), list.output());
            Exec check = exec("rpm", "-K", rpm);
            assertEquals(0, check.exit(), check.output());
            assertTrue(check.output().contains("digests OK"), check.output());
            Exec provides = exec("rpm", "-qp", "--provides", rpm);
            assertTrue(provides.output().contains("modalias(kmodfarm-hello)\n"),
                    "the module's alias: " + provides.output());
            assertTrue(provides.output().contains(name + " = 0.1-1\n"), provides.output());
            Exec requires = exec("rpm", "-qp", "--requires", rpm);
            assertTrue(requires.output().contains("kernel-uname-r = " + kernel + "\n"), requires.output());

            Path root = Files.createDirectories(work.resolve("rpm-root-" + kernel));
            Exec install = exec("rpm", "--root", root.toString(), "-i", "--nodeps", rpm);
            assertEquals(0, install.exit(), install.output());
            assertArrayEquals(Files.readAllBytes(work.resolve("results/kmodfarm-hello/0.1/" + kernel
                    + "/x86_64/module/" + cell.modules().get(0).file())),
                    Files.readAllBytes(root.resolve(file.substring(1))));
            Exec verify = exec("rpm", "--root", root.toString(), "-V", "--nodeps", name);
            assertEquals(0, verify.exit(), "installed files match the header's digests: " + verify.output());
            Exec erase = exec("rpm", "--root", root.toString(), "-e", "--nodeps", name);
            assertEquals(0, erase.exit(), erase.output());
            assertFalse(Files.exists(root.resolve(file.substring(1))));
        }
    }

    /** The binaries-only tarball of the given cells, in the folder mktarball wrote it to. */
    static Path tarball(String dir, List<CellResult> cells) {
        StringBuilder name = new StringBuilder("kmodfarm-hello-0.1");
        cells.forEach(c -> name.append("-kernel").append(c.cell().kernel()).append("-x86_64"));
        return work.resolve(dir + "/" + name + ".dkms.tar.gz");
    }

    static Path tarball() {
        return tarball("t", built);
    }

    @Test
    void aBinariesOnlyTarballIsByteReproducible() throws IOException {
        byte[] first = Files.readAllBytes(tarball());
        run("mktarball", "kmodfarm-hello/0.1", "--binaries-only", "--out", "t2");
        assertArrayEquals(first, Files.readAllBytes(work.resolve("t2").resolve(tarball().getFileName())));
    }

    @Test
    void debiansDkmsLoadsTheBinariesOnlyTarballAndInstallsItsModule() throws Exception {
        Path debs = Files.createDirectories(work.resolve("debian-dkms"));
        Exec download = exec(debs, "apt-get", "download", "dkms");
        assertEquals(0, download.exit(), "Debian's dkms package from the machine's mirror: " + download.output());
        ldtarballRoundTrip("dpkg -i --force-depends /work/debian-dkms/dkms_*.deb >/dev/null 2>&1\n",
                tarball("t1", built.subList(0, 1)), built.subList(0, 1), true);
    }

    /** DKMS 3.2.2 from its upstream tarball, installed as scripts/dkms-upstream-tests does: its own Makefile. */
    static final String DKMS_322 = "mkdir /tmp/dkms && tar -xzf /work/dkms-3.2.2.tar.gz -C /tmp/dkms "
            + "--strip-components=1\n"
            + "make -C /tmp/dkms install-debian >/dev/null\n"
            + "install -d /var/lib/dkms\n";

    static void cacheDkms322() throws IOException {
        Path upstream = RealFarmIT.repo("results/.kmodfarm/cache/dkms-upstream/dkms_3.2.2.orig.tar.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(upstream), "DKMS 3.2.2's source is not "
                + "cached at " + upstream + " (scripts/dkms-upstream-tests --fetch-only fetches it)");
        Files.copy(upstream, work.resolve("dkms-3.2.2.tar.gz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * DKMS 3.2.2 loads a binaries-only tarball and installs from it, but its {@code status} never lists such a
     * module: it counts a module as added only when {@code source} is a link to /usr/src, and its ldtarball
     * makes {@code source} a directory holding dkms.conf (3.0.10 still listed it). kmodfarm's dkms keeps 3.2.2's
     * rule; the tarball with the source (next test) is listed.
     */
    @Test
    void dkms322LoadsTheBinariesOnlyTarballAndInstallsItsModule() throws Exception {
        cacheDkms322();
        ldtarballRoundTrip(DKMS_322, tarball("t1", built.subList(0, 1)), built.subList(0, 1), false);
    }

    @Test
    void dkms322LoadsTheTarballWithSourceAndStatusShowsItBuiltThenInstalled() throws Exception {
        cacheDkms322();
        ldtarballRoundTrip(DKMS_322, tarball("t1s", built.subList(0, 1)), built.subList(0, 1), true);
    }

    @Test
    void kmodfarmsDkmsLoadsTheTarballOfEveryBuiltKernel() throws Exception {
        ldtarballRoundTrip(KMODFARMS_DKMS, tarball(), built, false);
    }

    /**
     * Loads a tarball with the DKMS that {@code setup} installs: each kernel's build lands in DKMS's tree (and
     * {@code dkms status}, where {@code listed}, shows it built), and {@code dkms install} for the image's kernel
     * copies the farm's module into place without compiling. Real DKMS (3.0.10 and 3.2.2 alike) loads only the
     * first kernel of a tarball of several: its load loop declares {@code local -r} variables, which bash refuses
     * to set again on the second round ("readonly variable"); so those get one kernel each.
     */
    private static void ldtarballRoundTrip(String setup, Path tarball, List<CellResult> cells, boolean listed)
            throws Exception {
        CellResult cell = built.get(0);
        String kernel = cell.cell().kernel();
        StringBuilder loaded = new StringBuilder();
        for (CellResult c : cells) {
            String file = c.modules().get(0).file();
            loaded.append("cmp /var/lib/dkms/kmodfarm-hello/0.1/").append(c.cell().kernel())
                    .append("/x86_64/module/").append(file).append(" /work/results/kmodfarm-hello/0.1/")
                    .append(c.cell().kernel()).append("/x86_64/module/").append(file).append("\n");
        }
        Exec result = inContainer(cell, "set -e\n" + setup
                + "dkms --version\n"
                + "dkms ldtarball /work/" + work.relativize(tarball) + " || echo \"ldtarball exit $?\"\n"
                + loaded
                + "echo \"after load: $(dkms status)\"\n"
                + "dkms install -m kmodfarm-hello -v 0.1 -k " + kernel + "\n"
                + "echo \"after install: $(dkms status -k " + kernel + ")\"\n"
                + "cmp /var/lib/dkms/kmodfarm-hello/0.1/" + kernel + "/x86_64/module/kmodfarm_hello.ko "
                + "/lib/modules/" + kernel + "/updates/dkms/kmodfarm_hello.ko\n"
                + "modinfo -F vermagic /lib/modules/" + kernel + "/updates/dkms/kmodfarm_hello.ko\n");
        String out = result.output();
        assertEquals(0, result.exit(), out);
        if (listed) {
            for (CellResult c : cells) {
                assertTrue(out.contains("kmodfarm-hello/0.1, " + c.cell().kernel() + ", x86_64: built"),
                        "built for " + c.cell().kernel() + ": " + out);
            }
            assertTrue(out.contains("after install: kmodfarm-hello/0.1, " + kernel + ", x86_64: installed"), out);
        } else {
            assertTrue(out.contains("after load: \n") && out.contains("after install: \n"), out);
        }
        assertTrue(out.contains(kernel + " SMP"), "modinfo reads it: " + out);
        assertFalse(out.contains("Building module"), "nothing was compiled: " + out);
    }

    @Test
    void driverDisksAreByteReproducible() throws IOException {
        run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "redhat", "--out", "dd2");
        run("mkdriverdisk", "kmodfarm-hello/0.1", "--type", "redhat", "--media", "tar", "--out", "dd2");
        for (String name : List.of("dd-kmodfarm-hello-0.1.iso", "dd-kmodfarm-hello-0.1.tar.gz")) {
            assertArrayEquals(Files.readAllBytes(work.resolve("dd").resolve(name)),
                    Files.readAllBytes(work.resolve("dd2").resolve(name)), name);
        }
    }

    /**
     * The Red Hat driver disk as xorriso reads it (label OEMDRV, rhdd3, the kmod RPMs and their repodata), and its
     * repository as dnf reads it: dnf checks each metadata file against the SHA-256 repomd.xml gives, then
     * answers queries from primary.xml (provides) and filelists.xml (files) for every package.
     */
    @Test
    void theRedHatDriverDiskHoldsTheRpmsAndARepositoryDnfReads() throws Exception {
        Path iso = work.resolve("dd/dd-kmodfarm-hello-0.1.iso");
        Exec pvd = exec("xorriso", "-indev", iso.toString(), "-pvd_info");
        assertTrue(pvd.output().contains("Volume Id    : OEMDRV"), pvd.output());
        Exec find = exec("xorriso", "-indev", iso.toString(), "-find");
        assertEquals(0, find.exit(), find.output());
        List<String> expected = new ArrayList<>(List.of("'./rhdd3'", "'./rpms/x86_64/repodata/repomd.xml'",
                "'./rpms/x86_64/repodata/primary.xml.gz'", "'./rpms/x86_64/repodata/filelists.xml.gz'",
                "'./rpms/x86_64/repodata/other.xml.gz'"));
        built.forEach(c -> expected.add("'./rpms/x86_64/" + rpm(c).getFileName() + "'"));
        for (String entry : expected) {
            assertTrue(find.output().lines().anyMatch(entry::equals), entry + " in\n" + find.output());
        }
        Path tree = work.resolve("dd-iso");
        Exec extract = exec("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/", tree.toString());
        assertEquals(0, extract.exit(), extract.output());
        for (CellResult c : built) {
            assertArrayEquals(Files.readAllBytes(rpm(c)), Files.readAllBytes(tree.resolve("rpms/x86_64")
                    .resolve(rpm(c).getFileName())), "the disk carries mkrpm's package");
        }
        for (CellResult c : built) {
            String name = "kmod-kmodfarm-hello-" + c.cell().kernel();
            Exec provides = dnf(tree, "repoquery", "--provides", name);
            assertEquals(0, provides.exit(), provides.output());
            assertTrue(provides.output().contains("modalias(kmodfarm-hello)") && provides.output()
                    .contains("kernel-modules = " + c.cell().kernel()), provides.output());
            Exec files = dnf(tree, "repoquery", "-l", name);
            assertTrue(files.output().contains("/lib/modules/" + c.cell().kernel() + "/extra/kmodfarm-hello/"
                    + c.modules().get(0).file()), files.output());
        }
        // dnf does not check a local repository's checksums: sha256sum, gzip and stat do
        Path repodata = tree.resolve("rpms/x86_64/repodata");
        String repomd = Files.readString(repodata.resolve("repomd.xml"));
        for (String type : List.of("primary", "filelists", "other")) {
            String file = repodata.resolve(type + ".xml.gz").toString();
            String sum = exec("sh", "-c", "sha256sum < " + file + " | cut -d' ' -f1").output().strip();
            String open = exec("sh", "-c", "gzip -dc < " + file + " | sha256sum | cut -d' ' -f1").output().strip();
            String size = exec("stat", "-c", "%s", file).output().strip();
            String openSize = exec("sh", "-c", "gzip -dc < " + file + " | wc -c").output().strip();
            assertTrue(repomd.contains("<data type=\"" + type + "\">\n    <checksum type=\"sha256\">" + sum
                    + "</checksum>\n    <open-checksum type=\"sha256\">" + open + "</open-checksum>"), type + ": "
                    + sum + " " + open + " in\n" + repomd);
            assertTrue(repomd.contains("<location href=\"repodata/" + type + ".xml.gz\"/>"), repomd);
            assertTrue(repomd.matches("(?s).*<data type=\"" + type + "\">.*?<size>" + size + "</size>\n    <open-size>"
                    + openSize + "</open-size>.*"), type + " sizes " + size + "/" + openSize + " in\n" + repomd);
        }
        Exec tar = exec("tar", "-tzf", work.resolve("dd/dd-kmodfarm-hello-0.1.tar.gz").toString());
        assertTrue(tar.output().contains("./rhdd3\n") && tar.output().contains("./rpms/x86_64/repodata/repomd.xml\n"),
                tar.output());
    }

    /** dnf with the disk's repository only, its own cache and no system configuration or network. */
    private static Exec dnf(Path tree, String... query) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dnf", "-q", "--repofrompath=dd,file://" + tree.resolve(
                "rpms/x86_64"), "--repo=dd", "--releasever=9", "--setopt=reposdir=/nonexistent",
                "--setopt=cachedir=" + work.resolve("dnf-cache"), "--setopt=dd.gpgcheck=0"));
        command.addAll(List.of(query));
        return exec(command.toArray(String[]::new));
    }

    /**
     * The DKMS source RPM ({@code mkrpm --source}) through rpm: fields, files, digests, the dkms requirement and
     * scriptlets, a {@code --root} install (scriptlets off: no dkms in that root) and erase; the same bytes twice.
     */
    @Test
    void rpmReadsAndInstallsTheDkmsSourceRpm() throws Exception {
        String rpm = work.resolve("s/kmodfarm-hello-dkms-0.1-1.noarch.rpm").toString();
        Exec info = exec("rpm", "-qip", rpm);
        assertTrue(info.output().contains("Name        : kmodfarm-hello-dkms") && info.output()
                .contains("Architecture: noarch"), info.output());
        Exec list = exec("rpm", "-qlp", rpm);
        assertTrue(list.output().contains("/usr/src/kmodfarm-hello-0.1/dkms.conf\n")
                && list.output().contains("/usr/src/kmodfarm-hello-0.1/hello.c\n"), list.output());
        Exec check = exec("rpm", "-K", rpm);
        assertTrue(check.exit() == 0 && check.output().contains("digests OK"), check.output());
        Exec requires = exec("rpm", "-qp", "--requires", rpm);
        assertTrue(requires.output().lines().anyMatch("dkms"::equals), requires.output());
        Exec scripts = exec("rpm", "-qp", "--scripts", rpm);
        assertTrue(scripts.output().contains("postinstall scriptlet (using /bin/sh):") && scripts.output()
                .contains("dkms add -m \"$name\" -v \"$version\"") && scripts.output()
                .contains("preuninstall scriptlet (using /bin/sh):\ndkms remove -m 'kmodfarm-hello' -v '0.1' --all"),
                scripts.output());
        Path root = Files.createDirectories(work.resolve("rpm-root-source"));
        Exec install = exec("rpm", "--root", root.toString(), "-i", "--nodeps", "--noscripts", rpm);
        assertEquals(0, install.exit(), install.output());
        assertArrayEquals(Files.readAllBytes(work.resolve("results/kmodfarm-hello/0.1/source/dkms.conf")),
                Files.readAllBytes(root.resolve("usr/src/kmodfarm-hello-0.1/dkms.conf")));
        Exec erase = exec("rpm", "--root", root.toString(), "-e", "--nodeps", "--noscripts", "kmodfarm-hello-dkms");
        assertEquals(0, erase.exit(), erase.output());
        run("mkrpm", "kmodfarm-hello/0.1", "--source", "--out", "s2");
        assertArrayEquals(Files.readAllBytes(Path.of(rpm)),
                Files.readAllBytes(work.resolve("s2/kmodfarm-hello-dkms-0.1-1.noarch.rpm")));
    }

    /** The script as root in the cell's builder image, offline, the work folder and kmodfarm's jar read-only. */
    private static Exec inContainer(CellResult cell, String script) throws Exception {
        String name = "kmodfarm-packaging-it-" + UUID.randomUUID();
        try {
            return exec("docker", "run", "--rm", "--name", name, "--label", "kmodfarm.managed=true",
                    "--network", "none", "--user", "0",
                    "-v", work + ":/work:ro",
                    "-v", RealFarmIT.repo("orchestrator/farm-cli/target/kmodfarm.jar")
                            + ":/opt/kmodfarm/kmodfarm.jar:ro",
                    cell.image().tag(), "sh", "-c", script);
        } finally {
            exec("docker", "rm", "-f", name);
        }
    }
}
