package org.kmodfarm.packaging.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.archive.ArReader;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.CellTimings;
import org.kmodfarm.core.farm.CompilerCacheStats;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.FirstError;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.core.farm.RunSummary;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.packaging.deb.DebWriter;

class ModulePackagingTest {
    static final ModuleVersion HELLO = new ModuleVersion("my_hello", "1.2");
    @TempDir
    Path dir;
    FarmTree tree;

    @BeforeEach
    void tree() throws IOException {
        tree = new FarmTree(dir.resolve("results"));
        Path source = Files.createDirectories(dir.resolve("src"));
        Files.writeString(source.resolve("dkms.conf"), "PACKAGE_NAME=my_hello\nPACKAGE_VERSION=1.2\n");
        Files.writeString(source.resolve("hello.c"), "int x;\n");
        Files.writeString(source.resolve("configure"), "#!/bin/sh\n");
        source.resolve("configure").toFile().setExecutable(true);
        tree.linkSource("my_hello", "1.2", source, "abc");
        store("6.1.0-47-amd64", CellOutcome.BUILT, "2026-11-26T10:00:00.5Z");
        store("6.12.95+deb12-amd64", CellOutcome.BUILT, "2026-11-26T11:00:00.9Z");
        store("6.1.0-9-amd64", CellOutcome.FAILED, "2026-11-26T12:00:00Z");
    }

    CellResult store(String kernel, CellOutcome outcome, String finishedAt) throws IOException {
        CellId id = new CellId("my_hello", "1.2", kernel, "x86_64");
        byte[] ko = ("ELF for " + kernel).getBytes(StandardCharsets.US_ASCII);
        List<ModuleInfo> modules = outcome == CellOutcome.BUILT ? List.of(ModuleInfo.parse("my_hello.ko", ko,
                "name: my_hello\nlicense: GPL\nalias: pci:v1234d*\nvermagic: " + kernel + " SMP\n")) : List.of();
        byte[] log = "log".getBytes(StandardCharsets.US_ASCII);
        CellResult record = new CellResult(CellResult.SCHEMA, id, new CellResult.Target("debian", "bookworm",
                        "bookworm-security", "amd64", "bookworm"), outcome, "r", 1, new CellTimings(1, 1, 1, 1),
                new CellResult.Image("kmodfarm/builder:x", "sha256:1"), "key-" + kernel, "src", "build", 0, "",
                modules, outcome == CellOutcome.FAILED ? new FirstError("hello.c", 1, "boom") : null, "",
                Digests.sha256(log), false, "", "run", finishedAt, finishedAt, "", new CompilerCacheStats(0, 0, 0),
                        null);
        tree.store(record, outcome == CellOutcome.BUILT ? Map.of("my_hello.ko", ko) : Map.of(), new byte[0], log);
        return record;
    }

    /** A run's summary naming the record, as FarmRun writes it. */
    void run(String runId, String startedAt, CellResult record) throws IOException {
        RunSummary.Cell row = new RunSummary.Cell(record.cell().path(), "src", record.outcome(), false, 1, "r", "",
                record.cacheKey(), 1, FarmTree.recordDigest(record));
        tree.writeRunFile(runId, "summary.json", FarmTree.json(new RunSummary(1, runId, startedAt, startedAt, 1,
                List.of(row), Map.of(record.outcome(), 1), 0, 0, 0, false)));
    }

    @Test
    void lastGoodPackagesTheNewestKeptBuildOfAKernelWhoseNewestBuildFailed() throws IOException {
        String kernel = "6.1.0-9-amd64";
        run("r1", "2026-11-25T00:00:00Z", store(kernel, CellOutcome.BUILT, "2026-11-25T00:10:00Z"));
        run("r2", "2026-11-26T00:00:00Z", store(kernel, CellOutcome.FAILED, "2026-11-26T00:10:00Z"));
        Optional<List<String>> asked = Optional.of(List.of(kernel));
        BadInputException refused = assertThrows(BadInputException.class,
                () -> binaries(BinaryFormat.DEB, asked, dir.resolve("no")));
        assertTrue(refused.getMessage().contains("its last build is FAILED"), refused.getMessage());

        List<String> notices = new java.util.ArrayList<>();
        ModulePackaging lastGood = new ModulePackaging(tree, new PackagingOptions("Jane Doe <jane@example.org>",
                Optional.empty(), Optional.empty(), true), notices::add);
        List<Path> debs = lastGood.binaryModules(BinaryFormat.DEB, HELLO, asked, Optional.empty(), dir.resolve("d"));
        assertEquals(1, debs.size(), debs.toString());
        assertArrayEquals(("ELF for " + kernel).getBytes(StandardCharsets.US_ASCII), member(debs.get(0), "data.tar.xz")
                .get("lib/modules/" + kernel + "/updates/dkms/my_hello.ko"), "the kept build's module");
        assertEquals(List.of("my_hello/1.2 " + kernel + " (x86_64): its newest build is FAILED; packaging its last "
                + "good build, run r1 (finished 2026-11-25T00:10:00Z)"), notices);
        // every kernel of the tree: the BUILT ones as they are, the failed one from r1
        assertEquals(3, lastGood.binaryModules(BinaryFormat.RPM, HELLO, Optional.empty(), Optional.empty(),
                dir.resolve("r")).size());
    }

    @Test
    void lastGoodStillRefusesAKernelNoKeptRunBuilt() {
        ModulePackaging lastGood = new ModulePackaging(tree, new PackagingOptions("Jane Doe <jane@example.org>",
                Optional.empty(), Optional.empty(), true), notice -> { });
        BadInputException e = assertThrows(BadInputException.class, () -> lastGood.binaryModules(BinaryFormat.DEB,
                HELLO, Optional.of(List.of("6.1.0-9-amd64", "6.1.0-99-amd64")), Optional.empty(), dir.resolve("d")));
        String all = e.problems().toString();
        assertTrue(all.contains("has no good build for kernel 6.1.0-9-amd64 (x86_64): its newest build is FAILED "
                + "and no kept run built it"), all);
        assertTrue(all.contains("6.1.0-99-amd64 (it was never built)"), all);
    }

    ModulePackaging packaging(Optional<String> epoch) {
        return new ModulePackaging(tree, new PackagingOptions("Jane Doe <jane@example.org>", epoch));
    }

    List<Path> binaries(BinaryFormat format, Optional<List<String>> kernels, Path out) throws IOException {
        return packaging(Optional.empty()).binaryModules(format, HELLO, kernels, Optional.empty(), out);
    }

    static Map<String, byte[]> member(Path deb, String name) throws IOException {
        return ArReader.read(new ByteArrayInputStream(Files.readAllBytes(deb)), name::equals,
                (n, in) -> TarReader.files(Compression.XZ.decompress(in))).orElseThrow();
    }

    @Test
    void oneBinaryPackagePerBuiltKernelByDefault() throws IOException {
        List<Path> debs = binaries(BinaryFormat.DEB, Optional.empty(), dir.resolve("out"));
        assertEquals(List.of("my-hello-modules-6.1.0-47-amd64_1.2_amd64.deb",
                "my-hello-modules-6.12.95+deb12-amd64_1.2_amd64.deb"),
                debs.stream().map(p -> p.getFileName().toString()).toList());
        Map<String, byte[]> data = member(debs.get(0), "data.tar.xz");
        assertEquals("ELF for 6.1.0-47-amd64", new String(
                data.get("lib/modules/6.1.0-47-amd64/updates/dkms/my_hello.ko"), StandardCharsets.US_ASCII));
        Map<String, byte[]> control = member(debs.get(0), "control.tar.xz");
        String text = new String(control.get("control"), StandardCharsets.UTF_8);
        assertTrue(text.contains("Package: my-hello-modules-6.1.0-47-amd64\n") && text.contains("Version: 1.2\n")
                && text.contains("Depends: linux-image-6.1.0-47-amd64\n") && text.contains("Section: kernel\n")
                && text.contains("Architecture: amd64\n"), text);
        assertTrue(new String(control.get("postinst"), StandardCharsets.UTF_8)
                .contains("depmod -b \"${DPKG_ROOT:-/}\" -a 6.1.0-47-amd64"));
        assertTrue(new String(control.get("postrm"), StandardCharsets.UTF_8)
                .contains("depmod -b \"${DPKG_ROOT:-/}\" -a 6.1.0-47-amd64"));
    }

    @Test
    void twoRunsFromTheSameTreeGiveTheSameBytesDatedByTheNewestBuild() throws IOException {
        Path a = binaries(BinaryFormat.DEB, Optional.empty(), dir.resolve("a")).get(0);
        Path b = binaries(BinaryFormat.DEB, Optional.empty(), dir.resolve("b")).get(0);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(java.time.Instant.parse("2026-11-26T11:00:00Z"),
                new PackagingOptions("x <y@z>", Optional.empty()).time(ModuleBuilds.load(tree, HELLO).built()));
        assertEquals(java.time.Instant.ofEpochSecond(42),
                new PackagingOptions("x <y@z>", Optional.of("42")).time(List.of()));
    }

    @Test
    void aKernelNotBuiltIsBadInputNamingItsOutcomeAndTheFix() {
        BadInputException e = assertThrows(BadInputException.class, () -> binaries(BinaryFormat.DEB,
                Optional.of(List.of("6.1.0-9-amd64", "6.1.0-1-amd64")), dir.resolve("out")));
        assertEquals(2, e.problems().size());
        String all = e.problems().toString();
        assertTrue(all.contains("not built for kernel 6.1.0-9-amd64 (its last build is FAILED)"), all);
        assertTrue(all.contains("6.1.0-1-amd64 (it was never built)"), all);
        assertTrue(all.contains("kmodfarm build my_hello/1.2 -k 6.1.0-9-amd64"), all);
        assertTrue(e.problems().get(0).where().toString().endsWith(".kmodfarm/cells/my_hello/1.2"), all);
    }

    @Test
    void anUnknownModuleVersionIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> packaging(Optional.empty())
                .dkmsSource(BinaryFormat.DEB, new ModuleVersion("my_hello", "9.9"), dir.resolve("out")));
        assertTrue(e.problems().get(0).what().contains("holds no module my_hello/9.9 (it holds my_hello/1.2)"),
                e.problems().toString());
    }

    @Test
    void aBadSourceDateEpochIsBadInput() {
        assertThrows(BadInputException.class, () -> packaging(Optional.of("yesterday")).dkmsSource(
                BinaryFormat.RPM, HELLO, dir.resolve("out")));
    }

    @Test
    void aChangedModuleFileIsNotPackaged() throws IOException {
        Files.writeString(tree.dkmsCell(new CellId("my_hello", "1.2", "6.1.0-47-amd64", "x86_64"))
                .resolve("module/my_hello.ko"), "tampered");
        BadInputException e = assertThrows(BadInputException.class,
                () -> binaries(BinaryFormat.DEB, Optional.empty(), dir.resolve("out")));
        assertTrue(e.problems().get(0).what().contains("differs from what its build recorded"));
    }

    @Test
    void theDkmsPackageHoldsTheSourceAndTheDkmsScripts() throws IOException {
        Path deb = packaging(Optional.empty()).dkmsSource(BinaryFormat.DEB, HELLO, dir.resolve("out"));
        assertEquals("my-hello-dkms_1.2_all.deb", deb.getFileName().toString());
        Map<String, byte[]> data = member(deb, "data.tar.xz");
        assertTrue(data.containsKey("usr/src/my_hello-1.2/dkms.conf"), data.keySet().toString());
        assertTrue(data.containsKey("usr/src/my_hello-1.2/hello.c"), data.keySet().toString());
        Map<String, byte[]> control = member(deb, "control.tar.xz");
        String text = new String(control.get("control"), StandardCharsets.UTF_8);
        assertTrue(text.contains("Depends: dkms\n") && text.contains("Architecture: all\n"), text);
        String postinst = new String(control.get("postinst"), StandardCharsets.UTF_8);
        assertTrue(postinst.contains("dkms add -m \"$name\" -v \"$version\"")
                && postinst.contains("dkms build -m \"$name\" -v \"$version\" -k \"$kernel\" && dkms install"), postinst);
        assertTrue(new String(control.get("prerm"), StandardCharsets.UTF_8)
                .contains("dkms remove -m 'my_hello' -v '1.2' --all || true"));
    }

    @Test
    void theDkmsSourceRpmHoldsTheSourceAndTheSameDkmsSteps() throws IOException {
        Path rpm = packaging(Optional.empty()).dkmsSource(BinaryFormat.RPM, HELLO, dir.resolve("out"));
        assertEquals("my-hello-dkms-1.2-1.noarch.rpm", rpm.getFileName().toString());
        String bytes = new String(Files.readAllBytes(rpm), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("/usr/src/my_hello-1.2/\0") && bytes.contains("dkms.conf\0"), "the source files");
        assertTrue(bytes.contains("dkms add -m \"$name\" -v \"$version\""), "%post adds");
        assertTrue(bytes.contains("dkms remove -m 'my_hello' -v '1.2' --all || true"), "%preun removes");
    }

    @Test
    void oneKmodRpmPerBuiltKernelProvidingTheModulesAliases() throws IOException {
        List<Path> rpms = binaries(BinaryFormat.RPM, Optional.of(List.of("6.1.0-47-amd64")), dir.resolve("rpm"));
        assertEquals(List.of("kmod-my-hello-6.1.0-47-amd64-1.2-1.x86_64.rpm"),
                rpms.stream().map(p -> p.getFileName().toString()).toList());
        String bytes = new String(Files.readAllBytes(rpms.get(0)), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("modalias(pci:v1234d*)\0") && bytes.contains("kernel-uname-r\0"), "header strings");
        assertTrue(bytes.contains("/lib/modules/6.1.0-47-amd64/extra/my_hello/\0"), "Red Hat's kmod location");
        assertEquals("1.2_3", BinaryModuleRpms.rpmVersion("1.2-3"));
    }
}
