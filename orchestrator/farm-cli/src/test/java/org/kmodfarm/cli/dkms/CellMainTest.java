package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.kmodfarm.testkit.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole cell without a container: a fake kernel (headers directory and .config), a dkms.conf whose MAKE
 * writes the "module" itself, and echo standing in for modinfo. The host is not root, as in the sandbox.
 */
class CellMainTest {
    private static final String KERNEL = "6.12.95+deb12-amd64";

    @TempDir
    Path root;
    private Path source;
    private Path out;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void fakeKernel() {
        TestFiles.mkdirs(root.resolve("lib/modules/" + KERNEL + "/build/include"));
        TestFiles.write(root.resolve("lib/modules/" + KERNEL + "/build/.config"),
                "CONFIG_MODULE_SIG=y\nCONFIG_MODULE_SIG_HASH=\"sha256\"\nCONFIG_MODULE_COMPRESS_XZ=y\n");
        source = root.resolve("build/src");
        out = root.resolve("build/out");
    }

    private void module(String make, String extra) {
        TestFiles.write(source.resolve("dkms.conf"), "PACKAGE_NAME=\"cellmod\"\nPACKAGE_VERSION=\"1.0\"\n"
                + "BUILT_MODULE_NAME[0]=\"cellmod\"\nDEST_MODULE_LOCATION[0]=\"/kernel/extra\"\nSTRIP[0]=\"no\"\n"
                + "MAKE[0]=\"" + make + "\"\n" + extra);
        TestFiles.write(source.resolve("cellmod.c"), "/* never compiled: MAKE fakes the build */\n");
    }

    private int cell(String... extra) {
        Host host = new Host("5.10.0-1-host", "x86_64", false, Optional.of("debian"), "",
                Map.of("PATH", System.getenv("PATH")), root.toString(), "dkms");
        String[] args = Stream.concat(Stream.of("--source", source.toString(), "--kernel", KERNEL, "--arch", "x86_64",
                "--jobs", "2", "--out", out.toString()), Stream.of(extra)).toArray(String[]::new);
        return CellMain.run(args, host, new CellPaths(root.resolve("tmp/kmodfarm"), root.resolve("lib/modules")),
                new CellCollector(List.of("echo", "modinfo-of"), new LogCap(1024, 1024)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true,
                        StandardCharsets.UTF_8));
    }

    private Properties properties() throws IOException {
        Properties read = new Properties();
        try (InputStream in = Files.newInputStream(out.resolve(CellProperties.FILE))) {
            read.load(in);
        }
        return read;
    }

    private String output() {
        return stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
    }

    private static List<String> snapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> p + " " + p.toFile().lastModified() + " " + p.toFile().length()).sorted().toList();
        }
    }

    @Test
    void aModuleThatBuildsIsCollectedUnsignedAndCompressedAsTheConfigSays() throws IOException {
        module("printf 'not really ELF' > cellmod.ko", "");
        List<String> before = snapshot(source);
        assertEquals(0, cell(), this::output);
        Properties p = properties();
        assertEquals("cellmod", p.getProperty("name"));
        assertEquals("1.0", p.getProperty("version"));
        assertEquals("build", p.getProperty("stage"));
        assertEquals("0", p.getProperty("status"));
        assertEquals(".xz", p.getProperty("compression"));
        assertEquals("false", p.getProperty("log.capped"));
        assertEquals(String.valueOf(Files.size(out.resolve("make.log"))), p.getProperty("log.bytes"));
        assertTrue(Files.isRegularFile(out.resolve("module/cellmod.ko.xz")));
        assertEquals("modinfo-of " + out.resolve("module/cellmod.ko.xz") + "\n",
                Files.readString(out.resolve("modinfo/cellmod.ko.xz.txt")));
        assertTrue(output().contains(DkmsProfile.NOT_SIGNING + "\n"), output());
        assertFalse(output().contains("Sign command"), output());
        assertEquals(before, snapshot(source), "the source directory must stay untouched");
    }

    @Test
    void buildDependsHandedInAreInstalledInTheCellsTreeAndTheirSymversGoToMake() throws IOException {
        module("sh ./fake-make.sh", "BUILD_DEPENDS[0]=\"provider\"\n");
        TestFiles.write(source.resolve("fake-make.sh"), "echo \"extra: $KBUILD_EXTRA_SYMBOLS\"; printf ELF > cellmod.ko\n");
        Path deps = root.resolve("build/deps");
        TestFiles.write(deps.resolve("provider/2.0/Module.symvers"),
                "0x1\tprovider_hello\tprovider\tEXPORT_SYMBOL\t\n");
        assertEquals(0, cell("--deps", deps.toString()), this::output);
        assertEquals("0", properties().getProperty("status"), this::output);
        Path registered = root.resolve("tmp/kmodfarm/tree/provider/2.0/" + KERNEL + "/x86_64/module/Module.symvers");
        assertTrue(Files.readString(out.resolve("make.log")).contains("extra: " + registered + "\n"),
                this::output);
        assertTrue(output().contains("KBUILD_EXTRA_SYMBOLS=" + registered), this::output);
    }

    @Test
    void withoutItsBuildDependsTheCellStopsWithDkmsStatus13() throws IOException {
        module("printf ELF > cellmod.ko", "BUILD_DEPENDS[0]=\"provider\"\n");
        assertEquals(0, cell("--deps", root.resolve("build/no-deps").toString()), this::output);
        assertEquals("13", properties().getProperty("status"), this::output);
    }

    @Test
    void aFailingMakeGivesStatusTenWithTheBuildDirectorysLog() throws IOException {
        module("echo compiling; exit 2", "");
        assertEquals(0, cell(), this::output);
        Properties p = properties();
        assertEquals("build", p.getProperty("stage"));
        assertEquals("10", p.getProperty("status"));
        assertTrue(Files.readString(out.resolve("make.log")).contains("compiling"));
        assertFalse(Files.exists(out.resolve("module")));
    }

    @Test
    void buildExclusiveGivesStatus77() throws IOException {
        module("true", "BUILD_EXCLUSIVE_KERNEL=\"^nomatch\"\n");
        assertEquals(0, cell(), this::output);
        assertEquals("77", properties().getProperty("status"));
        assertEquals("build", properties().getProperty("stage"));
    }

    @Test
    void aSourceWithoutDkmsConfFailsAtAddWithNoModuleKnown() throws IOException {
        TestFiles.write(source.resolve("Makefile"), "obj-m += x.o\n");
        assertEquals(0, cell(), this::output);
        Properties p = properties();
        assertEquals("add", p.getProperty("stage"));
        assertEquals("", p.getProperty("name"));
        assertEquals("", p.getProperty("version"));
        assertTrue(Integer.parseInt(p.getProperty("status")) != 0);
    }

    @Test
    void aBadCommandLineExitsTwoWithoutWritingAnything() {
        module("true", "");
        assertEquals(2, cell("--jobs", "3"));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("--jobs given twice"));
        assertFalse(Files.exists(out));
    }

    @Test
    void anOutDirectoryThatCannotBeMadeExitsOne() {
        module("true", "");
        TestFiles.write(out, "a file where the out directory should be");
        assertEquals(1, cell());
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("could not run the cell"));
    }
}
