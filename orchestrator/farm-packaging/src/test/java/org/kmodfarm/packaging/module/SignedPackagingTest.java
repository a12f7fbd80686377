package org.kmodfarm.packaging.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.packaging.rpm.RpmSigner;

/** Every verb's RPMs go through the options' signer; Debian packages never do. */
class SignedPackagingTest {
    private static final byte[] MARK = "signed-by-the-fake".getBytes(StandardCharsets.US_ASCII);
    @TempDir
    Path dir;
    final ModulePackagingTest fixture = new ModulePackagingTest();
    final List<byte[]> headers = new ArrayList<>();
    /** A version 4 RSA signature packet (old format, one length octet) whose body ends with {@link #MARK}. */
    final RpmSigner signer = (header, time) -> {
        headers.add(header);
        byte[] packet = new byte[6 + MARK.length];
        packet[0] = (byte) 0x88;
        packet[1] = (byte) (packet.length - 2);
        packet[2] = 4;
        packet[4] = 1;
        packet[5] = 8;
        System.arraycopy(MARK, 0, packet, 6, MARK.length);
        return packet;
    };

    @BeforeEach
    void tree() throws IOException {
        fixture.dir = dir;
        fixture.tree();
    }

    ModulePackaging packaging(boolean signed) {
        return new ModulePackaging(fixture.tree, new PackagingOptions("Jane Doe <jane@example.org>", Optional.empty(),
                signed ? Optional.of(signer) : Optional.empty(), false));
    }

    static boolean marked(byte[] file) {
        return HexFormat.of().formatHex(file).contains(HexFormat.of().formatHex(MARK));
    }

    @Test
    void kmodRpmsKmpsAndTheDkmsSourceRpmAreSignedDebsAreNot() throws IOException {
        for (BinaryFormat format : BinaryFormat.values()) {
            List<Path> plain = packaging(false).binaryModules(format, ModulePackagingTest.HELLO, Optional.empty(),
                    Optional.empty(), dir.resolve("plain"));
            List<Path> signed = packaging(true).binaryModules(format, ModulePackagingTest.HELLO, Optional.empty(),
                    Optional.empty(), dir.resolve("signed"));
            assertEquals(2, signed.size());
            for (int i = 0; i < signed.size(); i++) {
                byte[] s = Files.readAllBytes(signed.get(i));
                byte[] p = Files.readAllBytes(plain.get(i));
                if (format == BinaryFormat.DEB) {
                    assertArrayEquals(p, s, "a .deb is never signed");
                } else {
                    assertTrue(marked(s) && !marked(p), signed.get(i).toString());
                    assertTrue(s.length > p.length);
                }
            }
        }
        assertEquals(4, headers.size(), "two kmod RPMs and two KMPs");
        headers.clear();
        Path source = packaging(true).dkmsSource(BinaryFormat.RPM, ModulePackagingTest.HELLO, dir.resolve("s"));
        assertTrue(marked(Files.readAllBytes(source)));
        assertEquals(1, headers.size());
        Path deb = packaging(true).dkmsSource(BinaryFormat.DEB, ModulePackagingTest.HELLO, dir.resolve("s"));
        assertFalse(marked(Files.readAllBytes(deb)));
    }

    @Test
    void aRedHatDiskCarriesTheSignedRpmsAndItsRepositoryDescribesThem() throws Exception {
        Path disk = packaging(true).driverDisk(ModulePackagingTest.HELLO, Optional.empty(), Optional.empty(),
                DiskMedia.TAR, (folder, label, time, iso) -> {
                    throw new AssertionError("no ISO for --media tar");
                }, dir.resolve("dd"));
        Map<String, byte[]> files = TarReader.files(Compression.GZIP.decompress(Files.newInputStream(disk)));
        List<String> rpms = files.keySet().stream().filter(n -> n.endsWith(".rpm")).toList();
        assertEquals(2, rpms.size(), files.keySet().toString());
        String primary = new String(Compression.GZIP.decompress(new ByteArrayInputStream(
                files.entrySet().stream()
                .filter(e -> e.getKey().endsWith("rpms/x86_64/repodata/primary.xml.gz")).findFirst().orElseThrow()
                .getValue())).readAllBytes(), StandardCharsets.UTF_8);
        for (String name : rpms) {
            byte[] rpm = files.get(name);
            assertTrue(marked(rpm), name);
            assertTrue(primary.contains("<checksum type=\"sha256\" pkgid=\"YES\">" + Digests.sha256(rpm)
                    + "</checksum>"), "pkgid of the signed file in\n" + primary);
            assertTrue(primary.contains("<size package=\"" + rpm.length + "\""), primary);
        }
    }

    @Test
    void aSuseDiskCarriesSignedKmps() throws Exception {
        Path disk = packaging(true).suseDriverDisk(ModulePackagingTest.HELLO, Optional.empty(), Optional.empty(),
                "sles15", DiskMedia.TAR, (folder, label, time, iso) -> {
                    throw new AssertionError("no ISO for --media tar");
                }, dir.resolve("dud"));
        Map<String, byte[]> files = TarReader.files(Compression.GZIP.decompress(Files.newInputStream(disk)));
        List<String> kmps = files.keySet().stream().filter(n -> n.endsWith(".rpm")).toList();
        assertEquals(2, kmps.size(), files.keySet().toString());
        kmps.forEach(n -> assertTrue(marked(files.get(n)), n));
    }
}
