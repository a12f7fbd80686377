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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.archive.ArReader;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.packaging.deb.DebWriter;

class UbuntuDriverDisksTest {
    static final Instant TIME = Instant.parse("2026-11-26T11:00:00Z");
    static final String K1 = "6.1.0-47-amd64";
    static final String K2 = "6.12.95+deb12-amd64";
    @TempDir
    Path dir;
    final ModulePackagingTest fixture = new ModulePackagingTest();
    ModuleBuilds builds;

    @BeforeEach
    void tree() throws IOException {
        fixture.dir = dir;
        fixture.tree();
        builds = ModuleBuilds.load(fixture.tree, ModulePackagingTest.HELLO);
    }

    Map<String, byte[]> disk() throws IOException {
        return UbuntuDriverDisks.tree(builds, builds.built(), "Jane Doe <jane@example.org>", TIME);
    }

    static Map<String, byte[]> member(byte[] deb, String name, Compression compression) throws IOException {
        return ArReader.read(new ByteArrayInputStream(deb), name::equals,
                (n, in) -> TarReader.files(compression.decompress(in))).orElseThrow();
    }

    static List<String> members(byte[] deb) throws IOException {
        return ArReader.names(new ByteArrayInputStream(deb));
    }

    @Test
    void eachKernelsPackageLiesInTheFolderOfItsTargetAndTheDkmsPackageUnderSource() throws IOException {
        assertEquals(Set.of("debian-drivers/bookworm/my-hello-modules-" + K1 + "_1.2_amd64.deb",
                "debian-drivers/bookworm/my-hello-modules-" + K2 + "_1.2_amd64.deb",
                "source/my-hello-dkms_1.2_all.deb"), disk().keySet());
    }

    @Test
    void theDisksPackagesAreMkbmdebsWithTheGuardAndGzipMembersTheInstallerReads() throws IOException {
        byte[] deb = disk().get("debian-drivers/bookworm/my-hello-modules-" + K1 + "_1.2_amd64.deb");
        assertEquals(List.of("debian-binary", "control.tar.gz", "data.tar.gz"), members(deb));
        CellResult cell = builds.builtFor(List.of(K1), null).get(0);
        byte[] plain = new DebWriter().write(BinaryModuleDebs.spec(builds, cell, "Jane Doe <jane@example.org>", TIME));
        Map<String, byte[]> data = member(deb, "data.tar.gz", Compression.GZIP);
        Map<String, byte[]> plainData = member(plain, "data.tar.xz", Compression.XZ);
        assertEquals(plainData.keySet(), data.keySet());
        plainData.forEach((path, bytes) -> assertArrayEquals(bytes, data.get(path), path));
        Map<String, byte[]> control = member(deb, "control.tar.gz", Compression.GZIP);
        Map<String, byte[]> plainControl = member(plain, "control.tar.xz", Compression.XZ);
        assertEquals(Set.of("control", "md5sums", "postinst", "postrm", "preinst"), control.keySet());
        for (String same : List.of("control", "md5sums", "postinst", "postrm")) {
            assertArrayEquals(plainControl.get(same), control.get(same), same);
        }
        String preinst = new String(control.get("preinst"), StandardCharsets.UTF_8);
        assertTrue(preinst.startsWith("#!/bin/sh\nset -e\nkernel='" + K1 + "'\n"), preinst);
        assertTrue(preinst.contains("modules=\"$DPKG_ROOT/lib/modules/$kernel\"")
                && preinst.contains("[ -d \"$modules/kernel\" ] || { [ \"$running\" = \"$kernel\" ] && [ -d "
                + "\"$modules\" ]; }") && preinst.contains("my-hello-modules-" + K1 + ": refusing"), preinst);
    }

    @Test
    void theSourcePackageIsMkdebs() throws IOException {
        byte[] expected = new DebWriter().write(DkmsSourcePackages.deb(builds, "Jane Doe <jane@example.org>", TIME));
        assertArrayEquals(expected, disk().get("source/my-hello-dkms_1.2_all.deb"));
    }

    @Test
    void aTreeWithoutTheSourceGivesADiskOfBinariesOnly() throws IOException {
        Files.delete(dir.resolve("results/my_hello/1.2/source"));
        assertTrue(disk().keySet().stream().noneMatch(p -> p.startsWith("source/")), disk().keySet().toString());
    }

    @Test
    void aRecordWithoutDistributionReleaseIsBadInputNamingTheFix() throws IOException {
        CellResult cell = builds.built().get(0);
        CellResult bare = new CellResult(cell.schema(), cell.cell(), null, cell.outcome(), cell.reason(),
                cell.attempts(), cell.timings(), cell.image(), cell.cacheKey(), cell.sourceHash(), cell.stage(),
                cell.dkmsStatus(), cell.compression(), cell.modules(), cell.firstError(), cell.makeLog(),
                cell.buildLog(), cell.logCapped(), cell.reproducer(), cell.runId(), cell.startedAt(),
                cell.finishedAt(), cell.signer(), cell.compilerCache(), cell.load());
        BadInputException e = assertThrows(BadInputException.class, () -> UbuntuDriverDisks.folder(builds, bare));
        assertTrue(e.problems().get(0).what().contains("names no usable distribution and release")
                && e.problems().get(0).fix().contains("--matrix FILE --rebuild"), e.problems().toString());
    }

    @Test
    void theDiskIsWrittenAsATarWithTheSameTreeAndTheSameBytesTwice() throws Exception {
        ModulePackaging packaging = new ModulePackaging(fixture.tree, new PackagingOptions(
                "Jane Doe <jane@example.org>", Optional.empty()));
        Path a = packaging.ubuntuDriverDisk(ModulePackagingTest.HELLO, Optional.empty(), Optional.empty(),
                DiskMedia.TAR, (folder, id, time, iso) -> {
                    throw new AssertionError("no ISO for a tar");
                }, dir.resolve("a"));
        assertEquals("dd-my_hello-1.2-ubuntu.tar.gz", a.getFileName().toString());
        Map<String, byte[]> files = TarReader.files(Compression.GZIP.decompress(Files.newInputStream(a)));
        assertTrue(files.keySet().containsAll(disk().keySet()), files.keySet().toString());
        Path b = packaging.ubuntuDriverDisk(ModulePackagingTest.HELLO, Optional.empty(), Optional.empty(),
                DiskMedia.TAR, null, dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }
}
