package org.kmodfarm.packaging.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.CpioReader;
import org.kmodfarm.model.Arch;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

class RpmWriterTest {
    static final Instant TIME = Instant.parse("2026-11-26T10:00:00Z");
    final RpmWriter writer = new RpmWriter();

    static PackageSpec spec(String version) {
        return new PackageSpec("kmod-hello-6.1.0-47-amd64", version, Optional.of(Arch.AMD64),
                "Jane Doe <jane@example.org>", "hello kernel modules for Linux 6.1.0-47-amd64", "Long text.",
                "kernel", "GPL", List.of(Relation.exactly("kernel-uname-r", "6.1.0-47-amd64")),
                List.of(Relation.of("modalias(pci:v00001234d*sv*sd*bc*sc*i*)")), List.of(),
                List.of(PackageFile.file("/lib/modules/6.1.0-47-amd64/extra/hello/hello.ko",
                        "ELF".repeat(1000).getBytes(StandardCharsets.US_ASCII), 0644)),
                Map.of(MaintainerScript.POSTINST, "/sbin/depmod -a 6.1.0-47-amd64 || :\n"), TIME);
    }

    /** A header read back: tag → (type, count, raw data from its offset), and where the structure ends. */
    record Header(Map<Integer, List<String>> strings, Map<Integer, List<Integer>> ints, int end) {
    }

    static Header read(byte[] rpm, int start) {
        ByteBuffer b = ByteBuffer.wrap(rpm);
        assertEquals(0x8eade801, b.getInt(start));
        int il = b.getInt(start + 8);
        int dl = b.getInt(start + 12);
        int data = start + 16 + il * 16;
        Map<Integer, List<String>> strings = new HashMap<>();
        Map<Integer, List<Integer>> ints = new HashMap<>();
        for (int i = 0; i < il; i++) {
            int e = start + 16 + i * 16;
            int tag = b.getInt(e);
            int type = b.getInt(e + 4);
            int offset = b.getInt(e + 8);
            int count = b.getInt(e + 12);
            if (type == 4) {
                List<Integer> v = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    v.add(b.getInt(data + offset + 4 * k));
                }
                ints.put(tag, v);
            } else if (type == 6 || type == 8 || type == 9) {
                List<String> v = new ArrayList<>();
                int p = data + offset;
                for (int k = 0; k < count; k++) {
                    int nul = p;
                    while (rpm[nul] != 0) {
                        nul++;
                    }
                    v.add(new String(rpm, p, nul - p, StandardCharsets.UTF_8));
                    p = nul + 1;
                }
                strings.put(tag, v);
            } else if (type == 7 && i == 0) {
                // the region's trailer: the same tag, and minus the index's length
                assertEquals(tag, b.getInt(data + offset));
                assertEquals(-il * 16, b.getInt(data + offset + 8));
                assertEquals(dl - 16, offset);
            }
        }
        return new Header(strings, ints, data + dl);
    }

    @Test
    void leadHeadersAndPayloadReadBack() throws Exception {
        byte[] rpm = writer.write(spec("0.1"));
        assertEquals(0xedabeedb, ByteBuffer.wrap(rpm).getInt(0));
        assertEquals("kmod-hello-6.1.0-47-amd64-0.1-1", new String(rpm, 10, 31, StandardCharsets.US_ASCII));
        Header sig = read(rpm, 96);
        int mainStart = sig.end() + (8 - sig.end() % 8) % 8;
        Header main = read(rpm, mainStart);
        assertEquals(List.of("kmod-hello-6.1.0-47-amd64"), main.strings().get(RpmTags.NAME));
        assertEquals(List.of("x86_64"), main.strings().get(RpmTags.ARCH));
        assertEquals(List.of((int) TIME.getEpochSecond()), main.ints().get(RpmTags.BUILDTIME));
        assertEquals(List.of("kmod-hello-6.1.0-47-amd64", "modalias(pci:v00001234d*sv*sd*bc*sc*i*)"),
                main.strings().get(RpmTags.PROVIDENAME));
        assertEquals("kernel-uname-r", main.strings().get(RpmTags.REQUIRENAME).get(0));
        assertEquals(RpmTags.SENSE_EQUAL, main.ints().get(RpmTags.REQUIREFLAGS).get(0));
        assertEquals(List.of("/lib/modules/6.1.0-47-amd64/extra/hello/"), main.strings().get(RpmTags.DIRNAMES));
        assertEquals(List.of("hello.ko"), main.strings().get(RpmTags.BASENAMES));

        byte[] header = java.util.Arrays.copyOfRange(rpm, mainStart, main.end());
        byte[] payload = java.util.Arrays.copyOfRange(rpm, main.end(), rpm.length);
        assertEquals(List.of(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(header))),
                sig.strings().get(RpmTags.SIG_SHA256));
        assertEquals(List.of(header.length + payload.length), sig.ints().get(RpmTags.SIG_SIZE));
        Map<String, CpioReader.Entry> cpio = CpioReader.entries(Compression.XZ.decompress(
                new ByteArrayInputStream(payload)));
        assertEquals(List.of("./lib/modules/6.1.0-47-amd64/extra/hello/hello.ko"), List.copyOf(cpio.keySet()));
        assertEquals(0100644, cpio.get("./lib/modules/6.1.0-47-amd64/extra/hello/hello.ko").mode());
        assertEquals(List.of(1), main.ints().get(1096)); // FILEINODES, matching the payload's inode
        assertEquals(1, cpio.values().iterator().next().inode());
    }

    @Test
    void supplementsAndEnhancesGoUnderRpmsWeakDependencyTagsAndOnlyWhenThereAreAny() {
        PackageSpec s = spec("0.1");
        PackageSpec kmp = new PackageSpec(s.name(), "0.1_k6.1.0_47", s.arch(), s.maintainer(), s.summary(),
                s.description(), s.section(), s.license(), s.depends(), s.provides(), List.of(),
                List.of(Relation.of("modalias(kernel-amd64:pci:v00001234d*)"), Relation.exactly("x", "1")),
                List.of(Relation.of("kernel-amd64")), s.files(), s.scripts(), s.time());
        byte[] rpm = writer.write(kmp);
        Header sig = read(rpm, 96);
        Header main = read(rpm, sig.end() + (8 - sig.end() % 8) % 8);
        assertEquals(List.of("modalias(kernel-amd64:pci:v00001234d*)", "x"), main.strings().get(5052));
        assertEquals(List.of("", "1"), main.strings().get(5053));
        assertEquals(List.of(0, RpmTags.SENSE_EQUAL), main.ints().get(5054));
        assertEquals(List.of("kernel-amd64"), main.strings().get(5055));
        assertEquals(List.of(""), main.strings().get(5056));
        assertEquals(List.of(0), main.ints().get(5057));
        assertEquals(List.of("0.1_k6.1.0_47"), main.strings().get(RpmTags.VERSION));

        byte[] plain = writer.write(s);
        Header plainSig = read(plain, 96);
        Header plainMain = read(plain, plainSig.end() + (8 - plainSig.end() % 8) % 8);
        for (int tag = 5052; tag <= 5057; tag++) {
            assertFalse(plainMain.strings().containsKey(tag) || plainMain.ints().containsKey(tag), "tag " + tag);
        }
    }

    @Test
    void sameSpecSameBytes() {
        assertArrayEquals(writer.write(spec("0.1")), writer.write(spec("0.1")));
        assertEquals("kmod-hello-6.1.0-47-amd64-0.1-1.x86_64.rpm", writer.fileName(spec("0.1")));
    }

    @Test
    void aVersionWithAHyphenIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> writer.write(spec("0.1-2")));
    }

    @Test
    void filesAreSortedAndSplitIntoDirectoriesAndBaseNamesLinksKeepTheirTargets() {
        PackageSpec s = spec("0.1");
        PackageSpec source = new PackageSpec(s.name(), s.version(), Optional.empty(), s.maintainer(), s.summary(),
                s.description(), s.section(), s.license(), s.depends(), s.provides(), s.supersedes(),
                List.of(PackageFile.file("/usr/src/x-1/b/z.c", new byte[] {'z'}, 0644),
                        PackageFile.file("/usr/src/x-1/a.sh", new byte[] {'#'}, 0755),
                        PackageFile.symlink("/usr/src/x-1/link", "a.sh")), Map.of(), s.time());
        byte[] rpm = writer.write(source);
        assertEquals("kmod-hello-6.1.0-47-amd64-0.1-1.noarch.rpm", writer.fileName(source));
        Header sig = read(rpm, 96);
        Header main = read(rpm, sig.end() + (8 - sig.end() % 8) % 8);
        assertEquals(List.of("/usr/src/x-1/", "/usr/src/x-1/b/"), main.strings().get(RpmTags.DIRNAMES));
        assertEquals(List.of("a.sh", "z.c", "link"), main.strings().get(RpmTags.BASENAMES));
        assertEquals(List.of(0, 1, 0), main.ints().get(RpmTags.DIRINDEXES));
        assertEquals(List.of("", "", "a.sh"), main.strings().get(RpmTags.FILELINKTOS));
        assertEquals(List.of(1, 1, 4), main.ints().get(RpmTags.FILESIZES));
        assertEquals(List.of("noarch"), main.strings().get(RpmTags.ARCH));
    }
}
