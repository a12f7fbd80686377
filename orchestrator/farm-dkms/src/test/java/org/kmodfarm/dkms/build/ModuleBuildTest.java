package org.kmodfarm.dkms.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kmodfarm.dkms.build.Confs.ARCH;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.KernelPlan;
import org.kmodfarm.dkms.Scripts;
import org.kmodfarm.dkms.tree.TreeRoots;
import org.kmodfarm.testkit.TestFiles;

/** DKMS 3.2.2's {@code do_build} steps 9–16 (fresh copy to saved log) through a fake {@link BuildIo}. */
class ModuleBuildTest {
    private static final String KA = KERNEL + " (" + ARCH + ")";
    private static final String MAKE_LINE = "make -j4 KERNELRELEASE=" + KERNEL + " -C /kbuild M=/dkms/foo/1.0/build";
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

    @TempDir
    Path tmp;
    TreeRoots roots;
    Path source;
    Path build;
    Path log;
    Path base;
    final FakeBuildIo io = new FakeBuildIo();
    final RecordingOutput out = new RecordingOutput();
    final Clock clock = Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void setUp() {
        roots = Confs.roots(tmp);
        source = Path.of(roots.versionDir(MV), "source");
        build = Path.of(roots.versionDir(MV), "build");
        log = build.resolve("make.log");
        base = Path.of(roots.builtDir(MV, TARGET));
        TestFiles.write(source.resolve("dkms.conf"), "PACKAGE_NAME=foo\n");
        TestFiles.write(source.resolve("Makefile"), "obj-m := foo.o\n");
        TestFiles.write(source.resolve("patches/a.patch"), "a\n");
        TestFiles.write(source.resolve("patches/b.patch"), "b\n");
        makeBuilds("foo.ko", "Module.symvers");
    }

    /** make prints a line and leaves {@code files} in the build directory. */
    private void makeBuilds(String... files) {
        io.on("make ", 0, "  CC [M]  foo.o\n", (argv, cwd) -> {
            for (String f : files) {
                TestFiles.write(cwd.resolve(f), "built " + f + "\n");
            }
        });
    }

    private void run(DkmsConf conf) throws Exception {
        run(conf, Signing.off(), new ModuleSuffix(""), ENV);
    }

    private void run(DkmsConf conf, Signing signing, ModuleSuffix suffix, Map<String, String> env) throws Exception {
        new ModuleBuild(io, out, clock).run(new BuildRequest(MV, TARGET, roots, conf, 4, env, "dkms-3.2.2"), signing,
                suffix);
    }

    private DkmsFailure fails(DkmsConf conf) {
        return assertThrows(DkmsFailure.class, () -> run(conf));
    }

    private static DkmsConf withPatches(String... patches) {
        return Confs.conf(List.of(Confs.module("foo")), List.of(patches), Confs.NO_SCRIPTS, "");
    }

    private static DkmsConf withScripts(String preBuild, String postBuild) {
        return Confs.conf(List.of(Confs.module("foo")), List.of(),
                new Scripts(preBuild, postBuild, "", "", "", ""), "");
    }

    private void script(String name, int exit, boolean executable) throws IOException {
        TestFiles.write(source.resolve(name), "#!/bin/sh\nexit " + exit + "\n");
        if (executable) {
            Files.setPosixFilePermissions(source.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private List<String> tmpDirs() throws IOException {
        try (Stream<Path> s = Files.list(base.getParent())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".tmp_")).toList();
        }
    }

    @Test
    void successMovesModuleAndLogIntoKernelArchAndRemovesTheBuildDirectory() throws Exception {
        run(Confs.conf(List.of(Confs.module("foo"))));

        assertEquals(List.of("cp -a --reflink=auto " + source + "/ " + build, MAKE_LINE,
                "strip -g " + build + "/foo.ko"), io.lines());
        assertEquals("built foo.ko\n", Files.readString(base.resolve("module/foo.ko")));
        assertEquals("built Module.symvers\n", Files.readString(base.resolve("module/Module.symvers")));
        assertTrue(Files.isRegularFile(base.resolve("log/make.log")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(base)));
        assertFalse(Files.exists(build), "build/ is removed after a successful build");
        assertEquals(List.of(), tmpDirs(), "the staging directory became " + base);
        assertEquals("Building module(s)... done.\n", out.all());
    }

    @Test
    void makeRunsInTheBuildDirectoryWithTheRequestEnvironment() throws Exception {
        run(Confs.conf(List.of(Confs.module("foo"))));

        FakeBuildIo.Call make = io.only("make ");
        assertTrue(make.shell(), "make goes through bash, as DKMS evals it");
        assertEquals(build, make.cwd());
        assertEquals(ENV, make.env());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "make -C /k M=/b | 0 | make -j KERNELRELEASE=" + KERNEL + " -C /k M=/b",
        "makefoo | 2 | make -j2 KERNELRELEASE=" + KERNEL + "foo", "'make' -C /k | 2 | 'make' -C /k",
        "./build.sh " + KERNEL + " | 2 | ./build.sh " + KERNEL})
    void onlyALeadingMakeGetsTheJobsAndTheKernelRelease(String make, int jobs, String command) throws Exception {
        DkmsConf conf = Confs.conf(List.of(Confs.module("foo")));
        DkmsConf withMake = new DkmsConf(conf.pkg(), conf.modules(), conf.make(), conf.patches(), conf.autoinstall(),
                conf.buildDepends(), conf.buildDependsRebuild(), conf.exclusive(), conf.obsoleteBy(),
                conf.noWeakModules(), conf.scripts(), conf.deprecated(), new KernelPlan(KERNEL, make, List.of(),
                        conf.plan().exclusion()));
        io.on(command, 0, "", (argv, cwd) -> TestFiles.write(cwd.resolve("foo.ko"), "built\n"));

        new ModuleBuild(io, out, clock).run(new BuildRequest(MV, TARGET, roots, withMake, jobs, ENV, "dkms-3.2.2"),
                Signing.off(), new ModuleSuffix(""));

        assertEquals(command, io.calls().get(1).line());
    }

    @Test
    void makeLogHasDkmsHeaderThenOneBlockPerCommand() throws Exception {
        run(withPatches("a.patch"));

        List<String> lines = Files.readAllLines(base.resolve("log/make.log"));
        assertEquals("DKMS (dkms-3.2.2) make.log for foo/1.0 for kernel " + KA, lines.get(0));
        // date(1)'s default format: the day of month is padded with a blank
        assertTrue(lines.get(1).matches("(Sun|Mon|Tue) Jan  [456] \\d\\d:\\d\\d:\\d\\d \\S+ 2026"), lines.get(1));
        assertEquals(List.of("", "Applying patch a.patch", "# command: patch -p1 < ./patches/a.patch", "",
                "# exit code: 0", "# elapsed time: 00:00:00", Invoker.RULE, "", "Building module(s)",
                "# command: " + MAKE_LINE, "  CC [M]  foo.o", "", "# exit code: 0", "# elapsed time: 00:00:00",
                Invoker.RULE), lines.subList(2, lines.size()));
    }

    @Test
    void aStaleBuildDirectoryIsReplacedByAFreshCopy() throws Exception {
        TestFiles.write(build.resolve("stale.o"), "old\n");
        TestFiles.write(log, "old log\n");
        io.on("make ", 2, "");

        fails(Confs.conf(List.of(Confs.module("foo"))));

        assertFalse(Files.exists(build.resolve("stale.o")));
        assertTrue(Files.readString(log).startsWith("DKMS (dkms-3.2.2) make.log"), "the old log is gone too");
        assertTrue(Files.isRegularFile(build.resolve("Makefile")));
    }

    @Test
    void patchesAreAppliedInOrderInTheBuildDirectoryBeforePreBuild() throws Exception {
        script("pre.sh", 0, true);

        run(Confs.conf(List.of(Confs.module("foo")), List.of("b.patch", "a.patch"),
                new Scripts("pre.sh", "", "", "", "", ""), ""));

        assertEquals(List.of("patch -p1 < ./patches/b.patch", "patch -p1 < ./patches/a.patch",
                "cd " + build + "/ && " + build + "/pre.sh", MAKE_LINE), io.lines().subList(1, 5));
        assertEquals(build, io.only("patch -p1 < ./patches/b.patch").cwd());
        assertEquals("Applying patch b.patch... done.\nApplying patch a.patch... done.\n"
                + "Running the pre_build script... done.\nBuilding module(s)... done.\n", out.all());
    }

    @Test
    void aPatchPathWithDotDotStopsWith5AfterTheEarlierPatches() {
        DkmsFailure f = fails(withPatches("a.patch", "../b.patch"));

        assertEquals(5, f.code());
        assertEquals(List.of("", "Error! Patch ../b.patch as specified in dkms.conf contains '..' path component."),
                f.stderrLines());
        assertEquals(List.of("patch -p1 < ./patches/a.patch"), io.lines().subList(1, io.lines().size()));
    }

    @Test
    void aMissingPatchStopsWith5() {
        DkmsFailure f = fails(withPatches("c.patch"));

        assertEquals(5, f.code());
        assertEquals(List.of("", "Error! Patch c.patch as specified in dkms.conf cannot be",
                "found in " + build + "/patches/."), f.stderrLines());
        assertEquals(1, io.lines().size(), "only the copy ran");
    }

    @Test
    void aFailingPatchStopsWith6AndKeepsTheBuildDirectoryWithItsLog() throws IOException {
        io.on("patch -p1 < ./patches/b.patch", 1, "Hunk #1 FAILED\n");

        DkmsFailure f = fails(withPatches("a.patch", "b.patch", "c.patch"));

        assertEquals(6, f.code());
        assertEquals(List.of("", "Error! Application of patch b.patch failed.",
                "Consult " + log + " for more information."), f.stderrLines());
        assertEquals("Applying patch a.patch... done.\nApplying patch b.patch...(bad exit status: 1)\n"
                + "Failed command:\npatch -p1 < ./patches/b.patch\n", out.all());
        assertTrue(Files.readString(log).contains("Hunk #1 FAILED\n\n# exit code: 1\n"));
        assertFalse(Files.exists(base));
    }

    @Test
    void aPreBuildScriptThatIsNotExecutableOnlyWarns() throws Exception {
        script("pre.sh", 0, false);

        run(withScripts("pre.sh", ""));

        assertEquals("\nWarning: The pre_build script is not executable.\nBuilding module(s)... done.\n", out.all());
        assertEquals("Warning: The pre_build script is not executable.\n", out.stderr());
        assertEquals(List.of(MAKE_LINE), io.lines().subList(1, 2));
        assertTrue(Files.isDirectory(base.resolve("module")));
    }

    @Test
    void aFailingPreBuildEndsTheBuildWithItsStatusBeforeMake() throws IOException {
        script("pre.sh", 0, true);
        String command = "cd " + build + "/ && " + build + "/pre.sh --flag";
        io.on(command, 3, "");

        DkmsFailure f = fails(withScripts("pre.sh --flag", ""));

        assertEquals(3, f.code());
        assertEquals(List.of(), f.stderrLines());
        assertEquals("Running the pre_build script...(bad exit status: 3)\nFailed command:\n" + command + "\n"
                + "Consult " + log + " for more information.\n", out.all());
        assertFalse(io.lines().contains(MAKE_LINE));
    }

    @Test
    void aFailingPostBuildEndsWithItsStatusAfterTheMoveWithTheLogStillInBuild() throws IOException {
        script("post.sh", 0, true);
        io.on("cd " + build + "/ && " + build + "/post.sh", 2, "");

        DkmsFailure f = fails(withScripts("", "post.sh"));

        assertEquals(2, f.code());
        assertTrue(Files.isRegularFile(base.resolve("module/foo.ko")), "POST_BUILD sees the built module");
        assertTrue(Files.isRegularFile(log));
        assertFalse(Files.exists(base.resolve("log/make.log")));
    }

    @Test
    void aFailingMakeExitsWith10AndKeepsTheBuildDirectory() throws IOException {
        io.on("make ", 2, "error: foo\n");

        DkmsFailure f = fails(Confs.conf(List.of(Confs.module("foo"))));

        assertEquals(10, f.code());
        assertEquals(List.of("", "Error! Bad return status for module build on kernel: " + KA,
                "Consult " + log + " for more information."), f.stderrLines());
        assertEquals("Building module(s)...(bad exit status: 2)\nFailed command:\n" + MAKE_LINE + "\n", out.all());
        assertTrue(Files.readString(log).contains("error: foo\n\n# exit code: 2\n"));
        assertFalse(Files.exists(base.getParent()), "nothing is staged after a failed make");
    }

    @Test
    void aBuiltModuleMissingAfterMakeExitsWith7() {
        DkmsFailure f = fails(Confs.conf(List.of(Confs.module("foo"), Confs.module(1, "bar", "sub/", "bar", true))));

        assertEquals(7, f.code());
        assertEquals(List.of("", "Error! Build of sub/bar.ko failed for: " + KA,
                "Make sure the name and location of the generated module are correct,",
                "or consult " + log + " for more information."), f.stderrLines());
        assertEquals(List.of(), io.lines().stream().filter(l -> l.startsWith("strip")).toList());
    }

    @Test
    void stripFollowsStripAndTheCompiler() throws Exception {
        makeBuilds("foo.ko", "sub/bar.ko");
        DkmsConf conf = Confs.conf(List.of(Confs.module("foo"), Confs.module(1, "bar", "sub/", "bar", false)));

        run(conf, Signing.off(), new ModuleSuffix(""), Map.of("CC", "clang"));

        assertEquals(List.of("llvm-strip -g " + build + "/foo.ko"),
                io.lines().stream().filter(l -> l.contains("strip")).toList());
        assertTrue(Files.isRegularFile(base.resolve("module/bar.ko")));
    }

    @ParameterizedTest
    @CsvSource({".gz, gzip -f", ".xz, xz --check=crc32 --lzma2=dict=1MiB -f", ".zst, zstd -q --rm -T0 -f"})
    void modulesAreCompressedAsTheSuffixSaysAndSavedUnderTheDestinationName(String ext, String compressor)
            throws Exception {
        makeBuilds("sub/foo.ko");

        run(Confs.conf(List.of(Confs.module(0, "foo", "sub/", "foo_dkms", true))), Signing.off(),
                new ModuleSuffix(ext), ENV);

        assertEquals(List.of("strip -g " + build + "/sub/foo.ko", compressor + " " + build + "/sub/foo.ko"),
                io.lines().subList(2, 4));
        try (Stream<Path> s = Files.list(base.resolve("module"))) {
            assertEquals(List.of("foo_dkms.ko" + ext), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFailedCompressionSavesTheUncompressedModule() throws Exception {
        io.on("xz ", 1, "xz: out of memory\n");

        run(Confs.conf(List.of(Confs.module("foo"))), Signing.off(), new ModuleSuffix(".xz"), ENV);

        assertTrue(Files.isRegularFile(base.resolve("module/foo.ko")));
        assertFalse(Files.exists(base.resolve("module/foo.ko.xz")));
        assertEquals("xz: out of memory\n", out.stderr());
    }

    @Test
    void modulesAreSignedAfterStripAndBeforeCompression() throws Exception {
        Signing signing = new Signing(true, "/kb/scripts/sign-file", "sha512", "/k/mok.key", "/k/mok.pub");

        run(Confs.conf(List.of(Confs.module("foo"))), signing, new ModuleSuffix(".gz"), ENV);

        String ko = build + "/foo.ko";
        assertEquals(List.of("strip -g " + ko, "/kb/scripts/sign-file sha512 /k/mok.key /k/mok.pub " + ko,
                "gzip -f " + ko), io.lines().subList(2, 5));
        assertEquals("Building module(s)... done.\nSigning module " + ko + "\n", out.all());
    }

    @Test
    void aSigningFailureOnlyWarnsWithTheToolsOutput() throws Exception {
        io.on("/kb/sign-file ", 1, "At main.c:1:\n- SSL error\n\n");

        run(Confs.conf(List.of(Confs.module("foo"))), new Signing(true, "/kb/sign-file", "sha256", "/k", "/c"),
                new ModuleSuffix(""), ENV);

        assertEquals("Warning: Failed to sign module '" + build + "/foo.ko'!\nAt main.c:1:\n- SSL error\n",
                out.stderr());
        assertTrue(Files.isRegularFile(base.resolve("module/foo.ko")));
    }

    @Test
    void aModuleGoneBeforeItsTurnIsWarnedAboutAndTheIncompleteBuildExitsWith7() throws IOException {
        // Two modules from one built file: compressing the first removes the file the second wanted.
        DkmsConf conf = Confs.conf(List.of(Confs.module("foo"), Confs.module(1, "foo", "", "bar", true)));

        DkmsFailure f = assertThrows(DkmsFailure.class,
                () -> run(conf, Signing.off(), new ModuleSuffix(".gz"), ENV));

        assertEquals("Warning: " + build + "/foo.ko has disappeared\n", out.stderr());
        assertEquals(7, f.code());
        List<String> staging = tmpDirs();
        assertEquals(1, staging.size(), "the staging directory is left behind");
        assertTrue(staging.get(0).startsWith(".tmp_" + ARCH + "_"));
        assertEquals(List.of("", "Error! Missing module 'bar' in " + base.resolveSibling(staging.get(0))
                .resolve("module")), f.stderrLines());
        assertFalse(Files.exists(base));
    }
}
