package org.kmodfarm.dkms.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodfarm.dkms.build.Confs.KERNEL;
import static org.kmodfarm.dkms.build.Confs.MV;
import static org.kmodfarm.dkms.build.Confs.TARGET;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodfarm.dkms.BuildExclusive;
import org.kmodfarm.dkms.DestinationPolicy;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.ModuleSpec;
import org.kmodfarm.dkms.Scripts;
import org.kmodfarm.dkms.tree.TreeRoots;
import org.kmodfarm.testkit.TestFiles;

/** DKMS 3.2.2's {@code do_install} from PRE_INSTALL to depmod. */
class ModuleInstallTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

    @TempDir
    Path tmp;
    TreeRoots roots;
    Path lib;
    Path source;
    Path built;
    Path link;
    Path backup;
    final FakeBuildIo io = new FakeBuildIo();
    final RecordingOutput out = new RecordingOutput();

    @BeforeEach
    void setUp() {
        roots = Confs.roots(tmp);
        lib = Path.of(roots.installTree(), KERNEL);
        source = Path.of(roots.versionDir(MV), "source");
        built = Path.of(roots.builtDir(MV, TARGET), "module");
        link = Path.of(roots.dkmsTree(), "foo", "kernel-" + KERNEL + "-x86_64");
        backup = Path.of(roots.dkmsTree(), "foo", "original_module", KERNEL, "x86_64");
        TestFiles.write(lib.resolve("modules.dep"), "kernel/fs/x.ko:\n");
        TestFiles.write(built.resolve("foo.ko"), "ours\n");
        io.on("modinfo " + built.resolve("foo.ko"), 0, "version: 1.0\nsrcversion: OURS\n");
    }

    private InstallRequest request(DkmsConf conf, ModuleSuffix suffix, boolean force, boolean noDepmod) {
        return new InstallRequest(MV, TARGET, roots, conf, suffix, force, "debian", noDepmod, ENV, false);
    }

    private InstallRequest request(DkmsConf conf) {
        return request(conf, new ModuleSuffix(""), false, false);
    }

    private static DkmsConf fooConf() {
        return Confs.conf(List.of(Confs.module("foo")));
    }

    private void install(InstallRequest r) throws Exception {
        new ModuleInstall(io, out, new Invoker(io, out, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))).run(r);
    }

    /** A copy of foo.ko the kernel already has, of {@code version}. */
    private Path kernelHas(String file, String version) {
        Path p = lib.resolve(file);
        TestFiles.write(p, "kernel's " + file + "\n");
        io.on("modinfo " + p, 0, "version: " + version + "\nsrcversion: THEIRS\n");
        return p;
    }

    private void script(String name) throws IOException {
        TestFiles.write(source.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(source.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void installsIntoTheDestinationLinksTheVersionAndRunsDepmod() throws Exception {
        install(request(fooConf()));

        assertEquals("ours\n", Files.readString(lib.resolve("updates/dkms/foo.ko")));
        assertEquals(Path.of("1.0", KERNEL, "x86_64"), Files.readSymbolicLink(link));
        assertEquals("Installing " + lib + "/updates/dkms/foo.ko\nRunning depmod... done.\n", out.all());
        assertEquals(List.of(Confs.depmod(roots)), io.lines());
        assertEquals(ENV, io.only("depmod").env());
        assertFalse(Files.exists(backup));
    }

    @Test
    void aCompressedModuleKeepsItsSuffix() throws Exception {
        Files.move(built.resolve("foo.ko"), built.resolve("foo.ko.zst"));

        install(request(fooConf(), new ModuleSuffix(".zst"), false, false));

        assertTrue(Files.isRegularFile(lib.resolve("updates/dkms/foo.ko.zst")));
        assertTrue(out.all().startsWith("Installing " + lib + "/updates/dkms/foo.ko.zst\n"), out.all());
    }

    @ParameterizedTest
    @CsvSource({"debian, '', /updates/dkms", "ubuntu, '', /updates/dkms", "arch, '', /updates/dkms",
        "fedora, '', /extra", "rhel fedora, '', /extra", "suse opensuse, '', /updates",
        "alpine, '', /kernel/drivers/misc", "debian, weak-updates/dkms, /weak-updates/dkms"})
    void theDestinationIsDestModuleLocationAsTheDistributionOverridesIt(String distribution, String addon,
            String location) throws Exception {
        String raw = "/kernel/drivers/misc";
        ModuleSpec m = new ModuleSpec(0, "foo", "", "foo", new DestinationPolicy(distribution, addon).override(raw),
                raw, true, new BuildExclusive("", "", "", "", ""));

        install(request(Confs.conf(List.of(m))));

        assertTrue(Files.isRegularFile(Path.of(lib + location, "foo.ko")), location);
        assertTrue(out.all().startsWith("Installing " + lib + location + "/foo.ko\n"), out.all());
    }

    @Test
    void noDepmodStillSaysRunningDepmod() throws Exception {
        install(request(fooConf(), new ModuleSuffix(""), false, true));

        assertEquals(List.of(), io.lines());
        assertTrue(out.all().endsWith("Running depmod... done.\n"));
    }

    @Test
    void depmodIsSkippedSilentlyForAKernelWithoutModulesDep() throws Exception {
        Files.delete(lib.resolve("modules.dep"));

        install(request(fooConf()));

        assertEquals(List.of(), io.lines());
        assertTrue(out.all().endsWith("Running depmod... done.\n"));
    }

    @Test
    void theKernelsOwnModuleIsArchivedWithItsOriginalLocation() throws Exception {
        Path theirs = kernelHas("kernel/drivers/misc/foo.ko", "0.9");

        install(request(fooConf()));

        assertEquals("Found pre-existing " + theirs + ", archiving for uninstallation\nInstalling " + lib
                + "/updates/dkms/foo.ko\nRunning depmod... done.\n", out.all());
        assertFalse(Files.exists(theirs));
        assertEquals("kernel's kernel/drivers/misc/foo.ko\n", Files.readString(backup.resolve("foo.ko")));
        assertEquals(theirs + "\n", Files.readString(backup.resolve("foo.ko.origin")));
    }

    @Test
    void extraIsArchivedBeforeUpdatesAndOnlyOneCopyIs() throws Exception {
        Path updates = kernelHas("updates/foo.ko", "0.9");
        Path extra = kernelHas("extra/foo.ko", "0.9");

        install(request(fooConf()));

        assertTrue(out.all().startsWith("Found pre-existing " + extra + ", archiving for uninstallation\n"));
        assertFalse(Files.exists(extra));
        assertTrue(Files.exists(updates));
        assertEquals(extra + "\n", Files.readString(backup.resolve("foo.ko.origin")));
    }

    @Test
    void withAnotherVersionActiveTheStoredOriginalIsKeptAndNothingIsArchived() throws Exception {
        Path other = kernelHas("updates/dkms/foo.ko", "0.9");
        TestFiles.write(backup.resolve("foo.ko"), "original\n");
        Files.createSymbolicLink(link, Path.of("0.9", KERNEL, "x86_64"));

        install(request(fooConf()));

        assertEquals("An original module was already stored during a previous install\nInstalling " + other
                + "\nRunning depmod... done.\n", out.all());
        assertEquals("ours\n", Files.readString(other));
        assertEquals("original\n", Files.readString(backup.resolve("foo.ko")));
        assertEquals(Path.of("1.0", KERNEL, "x86_64"), Files.readSymbolicLink(link));
    }

    @Test
    void withAnotherVersionActiveAndNoOriginalNothingIsArchived() throws Exception {
        kernelHas("kernel/drivers/misc/foo.ko", "0.9");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of("0.9", KERNEL, "x86_64"));

        install(request(fooConf()));

        assertTrue(Files.exists(lib.resolve("kernel/drivers/misc/foo.ko")));
        assertFalse(Files.exists(backup));
        assertTrue(out.all().startsWith("Installing "), out.all());
    }

    @Test
    void whenTheOnlyModuleIsRefusedTheInstallIsAbortedWith6() {
        Path theirs = kernelHas("kernel/drivers/misc/foo.ko", "2.0");

        DkmsFailure f = assertThrows(DkmsFailure.class, () -> install(request(fooConf())));

        assertEquals(6, f.code());
        assertEquals(List.of("", "Error! Installation aborted."), f.stderrLines());
        assertTrue(Files.exists(theirs), "the refused module's original stays in place");
        assertFalse(Files.exists(lib.resolve("updates/dkms")));
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(io.lines().stream().anyMatch(l -> l.startsWith("depmod")));
    }

    @Test
    void oneRefusedModuleAmongSeveralIsSkippedAndTheRestInstalled() throws Exception {
        kernelHas("kernel/drivers/misc/foo.ko", "2.0");
        TestFiles.write(built.resolve("bar.ko"), "bar\n");

        install(request(Confs.conf(List.of(Confs.module("foo"), Confs.module(1, "bar", "", "bar", true)))));

        assertFalse(Files.exists(lib.resolve("updates/dkms/foo.ko")));
        assertTrue(Files.exists(lib.resolve("updates/dkms/bar.ko")));
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(out.stderr().startsWith("\nError! Module version 1.0 for foo.ko\n"), out.stderr());
    }

    @Test
    void aConfWithoutModulesStillMarksTheVersionInstalled() throws Exception {
        install(request(Confs.conf(List.of())));

        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aFailingPreInstallAbortsWith101BeforeAnythingIsCopied() throws IOException {
        script("pre.sh");
        io.on(source + "/pre.sh", 1, "no\n");
        DkmsConf conf = Confs.conf(List.of(Confs.module("foo")), List.of(), new Scripts("", "", "", "pre.sh arg", "",
                ""), "");

        DkmsFailure f = assertThrows(DkmsFailure.class, () -> install(request(conf)));

        assertEquals(101, f.code());
        assertEquals(List.of("", "Error! pre_install failed, aborting install.",
                "You may override by specifying --force."), f.stderrLines());
        assertEquals("Running the pre_install script:\nno\n", out.all());
        assertEquals(List.of(source + "/pre.sh", "arg"), io.only(source + "/pre.sh").argv());
        assertEquals(source, io.only(source + "/pre.sh").cwd());
        assertFalse(Files.exists(lib.resolve("updates")));
    }

    @Test
    void forceInstallsDespiteAFailingPreInstall() throws Exception {
        script("pre.sh");
        io.on(source + "/pre.sh", 1, "");
        DkmsConf conf = Confs.conf(List.of(Confs.module("foo")), List.of(), new Scripts("", "", "", "pre.sh", "",
                ""), "");

        install(request(conf, new ModuleSuffix(""), true, false));

        assertTrue(Files.exists(lib.resolve("updates/dkms/foo.ko")));
    }

    @Test
    void postInstallRunsAfterTheLinkAndBeforeDepmod() throws Exception {
        script("post.sh");
        List<Boolean> linkedWhenRun = new ArrayList<>();
        io.on(source + "/post.sh", 7, "", (argv, cwd) -> linkedWhenRun.add(Files.isSymbolicLink(link)));
        DkmsConf conf = Confs.conf(List.of(Confs.module("foo")), List.of(), new Scripts("", "", "", "", "post.sh",
                ""), "");

        install(request(conf));

        assertEquals(List.of(source + "/post.sh", Confs.depmod(roots)), io.lines());
        assertEquals(List.of(true), linkedWhenRun);
        assertEquals("Installing " + lib + "/updates/dkms/foo.ko\nRunning the post_install script:\n"
                + "Running depmod... done.\n", out.all(), "POST_INSTALL's status is ignored");
    }

    @Test
    void aPreInstallThatIsNotExecutableOnlyWarns() throws Exception {
        TestFiles.write(source.resolve("pre.sh"), "#!/bin/sh\n");
        DkmsConf conf = Confs.conf(List.of(Confs.module("foo")), List.of(), new Scripts("", "", "", "pre.sh", "",
                ""), "");

        install(request(conf));

        assertTrue(out.all().startsWith("\nWarning: The pre_install script is not executable.\nInstalling "));
    }

    @Test
    void completenessNeedsEveryDestinationModuleUncompressedOrWithTheSuffix() throws Exception {
        ModuleInstall.checkComplete(request(fooConf()));
        Files.move(built.resolve("foo.ko"), built.resolve("foo.ko.xz"));
        ModuleInstall.checkComplete(request(fooConf(), new ModuleSuffix(".xz"), false, false));

        DkmsFailure f = assertThrows(DkmsFailure.class,
                () -> ModuleInstall.checkComplete(request(fooConf(), new ModuleSuffix(".gz"), false, false)));
        assertEquals(6, f.code());
        assertEquals(List.of("", "Error! Missing module foo in " + built), f.stderrLines());
    }
}
