package org.kmodfarm.packaging.deb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.ArReader;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarReader;
import org.kmodfarm.model.Arch;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

class DebWriterTest {
    static final Instant TIME = Instant.parse("2026-11-26T10:00:00Z");
    final DebWriter writer = new DebWriter();

    static PackageSpec spec(Instant time) {
        return new PackageSpec("hello-modules-6.1.0-47-amd64", "0.1", Optional.of(Arch.AMD64),
                "Jane Doe <jane@example.org>", "hello kernel modules for Linux 6.1.0-47-amd64",
                "First paragraph.\n\nSecond one.", "kernel", "GPL",
                List.of(Relation.of("linux-image-6.1.0-47-amd64")), List.of(), List.of(),
                List.of(PackageFile.file("/lib/modules/6.1.0-47-amd64/updates/dkms/hello.ko",
                        "ELF".repeat(1000).getBytes(StandardCharsets.US_ASCII), 0644)),
                Map.of(MaintainerScript.POSTINST, "#!/bin/sh\nset -e\ndepmod -a 6.1.0-47-amd64\n"), time);
    }

    static Map<String, byte[]> member(byte[] deb, String name) throws IOException {
        return ArReader.read(new ByteArrayInputStream(deb), name::equals,
                (n, in) -> TarReader.files(Compression.XZ.decompress(in))).orElseThrow();
    }

    @Test
    void namesTheFileAsDpkgDoes() {
        assertEquals("hello-modules-6.1.0-47-amd64_0.1_amd64.deb", writer.fileName(spec(TIME)));
    }

    @Test
    void membersAreInDpkgsOrder() throws IOException {
        assertEquals(List.of("debian-binary", "control.tar.xz", "data.tar.xz"),
                ArReader.names(new ByteArrayInputStream(writer.write(spec(TIME)))));
    }

    @Test
    void controlHoldsTheFieldsMd5sumsAndScripts() throws IOException {
        Map<String, byte[]> control = member(writer.write(spec(TIME)), "control.tar.xz");
        assertEquals(List.of("control", "md5sums", "postinst"), List.copyOf(control.keySet()));
        String text = new String(control.get("control"), StandardCharsets.UTF_8);
        assertEquals("""
                Package: hello-modules-6.1.0-47-amd64
                Version: 0.1
                Architecture: amd64
                Maintainer: Jane Doe <jane@example.org>
                Installed-Size: 14
                Depends: linux-image-6.1.0-47-amd64
                Section: kernel
                Priority: optional
                Description: hello kernel modules for Linux 6.1.0-47-amd64
                 First paragraph.
                 .
                 Second one.
                """, text);
        String sums = new String(control.get("md5sums"), StandardCharsets.US_ASCII);
        assertTrue(sums.contains("  lib/modules/6.1.0-47-amd64/updates/dkms/hello.ko\n"), sums);
        assertTrue(sums.contains("  usr/share/doc/hello-modules-6.1.0-47-amd64/copyright\n"), sums);
    }

    @Test
    void aReplacementConflictsReplacesAndListsItsEtcFilesAsConffiles() throws IOException {
        PackageSpec s = spec(TIME);
        PackageSpec replacement = new PackageSpec("kmodfarm", "0.1", Optional.empty(), s.maintainer(), s.summary(),
                "", "admin", "", List.of(Relation.of("make")), List.of(Relation.exactly("dkms", "3.2.2")),
                List.of(Relation.of("dkms")), List.of(PackageFile.file("/etc/kernel/postinst.d/dkms", new byte[] {'#'},
                        0755), PackageFile.file("/usr/sbin/dkms", new byte[] {'#'}, 0755)), Map.of(), TIME);
        Map<String, byte[]> control = member(writer.write(replacement), "control.tar.xz");
        String text = new String(control.get("control"), StandardCharsets.UTF_8);
        assertTrue(text.contains("Depends: make\nConflicts: dkms\nProvides: dkms (= 3.2.2)\nReplaces: dkms\n"),
                text);
        assertEquals("/etc/kernel/postinst.d/dkms\n", new String(control.get("conffiles"), StandardCharsets.UTF_8));
        assertFalse(member(writer.write(s), "control.tar.xz").containsKey("conffiles"), "nothing under /etc");
    }

    @Test
    void dataHoldsTheFilesAndThePolicyDocs() throws IOException {
        Map<String, byte[]> data = member(writer.write(spec(TIME)), "data.tar.xz");
        assertEquals("ELF".repeat(1000), new String(data.get("lib/modules/6.1.0-47-amd64/updates/dkms/hello.ko"),
                StandardCharsets.US_ASCII));
        String changelog = new String(Compression.GZIP.decompress(new ByteArrayInputStream(
                data.get("usr/share/doc/hello-modules-6.1.0-47-amd64/changelog.gz"))).readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(changelog.endsWith(" -- Jane Doe <jane@example.org>  Thu, 26 Nov 2026 10:00:00 +0000\n"), changelog);
        assertTrue(new String(data.get("usr/share/doc/hello-modules-6.1.0-47-amd64/copyright"), StandardCharsets.UTF_8)
                .contains("/usr/share/common-licenses/GPL-2"));
    }

    @Test
    void theSameSpecGivesTheSameBytesAndTheTimeIsTheOnlyStamp() {
        assertArrayEquals(writer.write(spec(TIME)), writer.write(spec(TIME)));
        assertFalse(java.util.Arrays.equals(writer.write(spec(TIME)), writer.write(spec(TIME.plusSeconds(1)))));
    }

    @Test
    void longDescriptionLinesAreWrappedAtEightyColumns() {
        String control = DebControl.render(new PackageSpec("ab", "1", Optional.empty(), "J <j@example.org>", "s",
                "word ".repeat(40), "kernel", "", List.of(), List.of(), List.of(), List.of(), Map.of(), TIME), 1);
        List<String> lines = control.lines().filter(l -> l.startsWith(" ")).toList();
        assertEquals(3, lines.size(), control);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80 && l.startsWith(" word")), control);
    }

    @Test
    void installedSizeCountsFilesRoundedUpAndDirectories() {
        List<PackageFile> files = List.of(PackageFile.file("/a/b", new byte[1025], 0644),
                PackageFile.file("/a/c", new byte[0], 0644), PackageFile.symlink("/a/d", "b"));
        assertEquals(1 + 2 + 0 + 1, DebWriter.installedSize(files));
    }

    @Test
    void aVersionWithAnUnderscoreIsRefusedByTheDebianWriterOnly() {
        PackageSpec s = spec(TIME);
        PackageSpec underscored = new PackageSpec(s.name(), "0.1_k6", s.arch(), s.maintainer(), s.summary(),
                s.description(), s.section(), s.license(), s.depends(), s.provides(), s.supersedes(), s.files(),
                s.scripts(), s.time());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.write(underscored));
        assertTrue(e.getMessage().contains("cannot hold '_'"), e.getMessage());
    }

    @Test
    void aSpecWithBadFieldsIsRefusedListingEveryProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PackageSpec("Bad_Name",
                "v1", Optional.empty(), "nobody", "x", "", "kernel", "", List.of(), List.of(), List.of(), List.of(), Map.of(),
                TIME));
        assertTrue(e.getMessage().contains("package name") && e.getMessage().contains("version")
                && e.getMessage().contains("maintainer"), e.getMessage());
    }
}
