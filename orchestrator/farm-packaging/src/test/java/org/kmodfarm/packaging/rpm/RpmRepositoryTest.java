package org.kmodfarm.packaging.rpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.packaging.PackageSpec;

class RpmRepositoryTest {
    final RpmWriter writer = new RpmWriter();

    @Test
    void repomdNamesEachDocumentWithTheChecksumsAndSizesOfItsBytes() throws IOException {
        PackageSpec spec = RpmWriterTest.spec("0.1");
        byte[] rpm = writer.write(spec);
        Map<String, byte[]> meta = RpmRepository.metadata(List.of(new RpmRepository.Entry("a.rpm", rpm, spec)), 42);
        assertEquals(List.of("repomd.xml", "primary.xml.gz", "filelists.xml.gz", "other.xml.gz"),
                List.copyOf(meta.keySet()));
        String repomd = new String(meta.get("repomd.xml"), StandardCharsets.UTF_8);
        for (String type : List.of("primary", "filelists", "other")) {
            byte[] gz = meta.get(type + ".xml.gz");
            byte[] xml = Compression.GZIP.decompress(new ByteArrayInputStream(gz)).readAllBytes();
            assertTrue(repomd.contains("<data type=\"" + type + "\">\n    <checksum type=\"sha256\">"
                    + RpmWriter.hex("SHA-256", gz) + "</checksum>\n    <open-checksum type=\"sha256\">"
                    + RpmWriter.hex("SHA-256", xml) + "</open-checksum>\n    <location href=\"repodata/" + type
                    + ".xml.gz\"/>\n    <timestamp>42</timestamp>\n    <size>" + gz.length + "</size>\n    <open-size>"
                    + xml.length + "</open-size>"), repomd);
        }
        assertTrue(repomd.contains("<revision>42</revision>"), repomd);
    }

    @Test
    void primaryCarriesTheHeaderRangeChecksumAndRelationsOfEachPackage() throws IOException {
        PackageSpec spec = RpmWriterTest.spec("0.1");
        byte[] rpm = writer.write(spec);
        String primary = new String(Compression.GZIP.decompress(new ByteArrayInputStream(RpmRepository.metadata(
                List.of(new RpmRepository.Entry("a.rpm", rpm, spec)), 42).get("primary.xml.gz"))).readAllBytes(),
                StandardCharsets.UTF_8);
        long[] range = RpmRepository.headerRange(rpm);
        // the main header starts with its magic; the payload (xz) right after it
        assertEquals((byte) 0x8e, rpm[(int) range[0]]);
        assertEquals((byte) 0xfd, rpm[(int) range[1]]);
        assertTrue(primary.contains("<rpm:header-range start=\"" + range[0] + "\" end=\"" + range[1] + "\"/>"), primary);
        assertTrue(primary.contains("<checksum type=\"sha256\" pkgid=\"YES\">" + RpmWriter.hex("SHA-256", rpm)
                + "</checksum>"), primary);
        assertTrue(primary.contains("<location href=\"a.rpm\"/>") && primary.contains("packages=\"1\""), primary);
        assertTrue(primary.contains("<rpm:entry name=\"kernel-uname-r\" flags=\"EQ\" epoch=\"0\" ver=\"6.1.0-47\" "
                + "rel=\"amd64\"/>"), "rpm splits the EVR at its last '-': " + primary);
        assertTrue(primary.contains("<rpm:entry name=\"modalias(pci:v00001234d*sv*sd*bc*sc*i*)\"/>"), primary);
        assertTrue(range[2] > 0, "the cpio size from the signature header");
    }
}
