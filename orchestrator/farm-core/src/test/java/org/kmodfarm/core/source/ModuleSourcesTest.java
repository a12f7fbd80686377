package org.kmodfarm.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.testkit.TestFiles;

class ModuleSourcesTest {
    @TempDir
    Path tmp;

    private Path cache() {
        return tmp.resolve("cache");
    }

    private static byte[] compress(Compression c, byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = c.compress(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    /** What {@code dkms mktarball} makes: the source tree, the (here empty) main tree, gzip-compressed. */
    private Path dkmsTarball(String name, TarWriter tar) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, compress(Compression.GZIP, tar.directory("dkms_main_tree", 0755).toBytes()));
        return file;
    }

    private TarWriter withModule() throws IOException {
        Path module = tmp.resolve("module");
        return new TarWriter().tree(Files.exists(module) ? module : TreeHashTest.module(module), "dkms_source_tree");
    }

    private static List<Path> leftIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    private static Problem problem(BadInputException e) {
        assertEquals(1, e.problems().size(), e.problems().toString());
        return e.problems().get(0);
    }

    private BadInputException refused(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> ModuleSources.load(file.toString(), cache()));
        assertEquals(file, problem(e).where().file());
        return e;
    }

    @Test
    void aDirectoryIsUsedInPlace() throws IOException {
        Path dir = TreeHashTest.module(tmp.resolve("foo"));
        List<ModuleSource> sources = ModuleSources.load(dir.toString(), cache());
        assertEquals(List.of(new ModuleSource(dir.toString(), dir.toAbsolutePath(), TreeHash.of(dir))), sources);
        assertFalse(Files.exists(cache()), "nothing is copied or extracted");
    }

    @Test
    void aDirectoryWithoutDkmsConfIsRefused() {
        Path dir = tmp.resolve("empty");
        TestFiles.mkdirs(dir);
        assertTrue(problem(refused(dir)).what().contains("no dkms.conf"));
    }

    @Test
    void aMissingPathIsRefused() {
        Problem p = problem(refused(tmp.resolve("nope")));
        assertTrue(p.what().contains("no such file"), p.render());
        assertTrue(p.fix().contains(".deb"), p.render());
    }

    @Test
    void aDkmsTarballIsExtractedOnceUnderItsHash() throws Exception {
        Path tarball = dkmsTarball("foo-1.0-kernel-source-only.dkms.tar.gz", withModule());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(tarball)));

        List<ModuleSource> first = ModuleSources.load(tarball.toString(), cache());
        Path dir = cache().resolve(sha).resolve("dkms_source_tree");
        assertEquals(List.of(new ModuleSource(tarball.toString(), dir, TreeHash.of(tmp.resolve("module")))), first);
        assertTrue(Files.isExecutable(dir.resolve("build.sh")));
        assertTrue(Files.isSymbolicLink(dir.resolve("foo.c")));

        Object inode = Files.getAttribute(dir.resolve("dkms.conf"), "unix:ino");
        assertEquals(first, ModuleSources.load(tarball.toString(), cache()));
        assertEquals(inode, Files.getAttribute(dir.resolve("dkms.conf"), "unix:ino"), "reused, not extracted again");
        assertEquals(List.of(cache().resolve(sha)), leftIn(cache()), "no temporary directory left");
    }

    @Test
    void xzAndPlainTarballsAreReadToo() throws IOException {
        byte[] tar = withModule().toBytes();
        Files.write(tmp.resolve("foo.tar.xz"), compress(Compression.XZ, tar));
        Files.write(tmp.resolve("foo.tar"), tar);
        String xz = ModuleSources.load(tmp.resolve("foo.tar.xz").toString(), cache()).get(0).treeHash();
        assertEquals(xz, ModuleSources.load(tmp.resolve("foo.tar").toString(), cache()).get(0).treeHash());
    }

    @Test
    void aBinariesOnlyTarballIsRefused() throws IOException {
        Path tarball = dkmsTarball("foo.tgz", new TarWriter().file("dkms_binaries_only", "", 0644)
                .file("dkms_main_tree/6.1.0-47-amd64/x86_64/module/foo.ko", "ko", 0644));
        Problem p = problem(refused(tarball));
        assertTrue(p.what().contains("binaries-only"), p.render());
        assertEquals(List.of(), leftIn(cache()), "nothing kept");
    }

    @Test
    void aTarballWithoutSourceTreeIsRefused() throws IOException {
        Path tarball = dkmsTarball("foo.tar.gz", new TarWriter().file("foo-1.0/dkms.conf", "x", 0644));
        assertTrue(problem(refused(tarball)).what().contains("dkms_source_tree/dkms.conf"));
    }

    @Test
    void aCorruptTarballIsRefused() throws IOException {
        byte[] good = compress(Compression.GZIP, withModule().toBytes());
        Path cut = Files.write(tmp.resolve("cut.tar.gz"), Arrays.copyOf(good, good.length / 2));
        assertTrue(problem(refused(cut)).what().contains("cannot read this tarball"));
        Path fake = Files.write(tmp.resolve("fake.tar.gz"), "just text".getBytes(StandardCharsets.UTF_8));
        assertTrue(problem(refused(fake)).what().contains("first bytes"));
        Path xzNamedGz = Files.write(tmp.resolve("other.tar.gz"), compress(Compression.XZ, withModule().toBytes()));
        assertTrue(problem(refused(xzNamedGz)).what().contains("first bytes"));
    }

    @Test
    void anUnknownFileTypeIsRefused() throws IOException {
        Path zip = Files.write(tmp.resolve("foo.zip"), compress(Compression.GZIP, withModule().toBytes()));
        Problem p = problem(refused(zip));
        assertTrue(p.what().contains("neither a directory nor, by its name, a DKMS tarball or .deb"), p.render());
    }

    @Test
    void aZstdTarballIsRefusedWithAWayOut() throws IOException {
        byte[] zstdFrame = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00};
        Path zst = Files.write(tmp.resolve("foo.tar.zst"), zstdFrame);
        Problem p = problem(refused(zst));
        assertTrue(p.what().contains("zstd"), p.render());
        assertEquals("recompress it: zstd -dc foo.tar.zst | xz > foo.tar.xz", p.fix());
    }

    @Test
    void aMemberNamedDotDotIsRefused() throws IOException {
        byte[] tar = rename(withModule().file("xx/evil", "boom", 0644).toBytes(), "xx/evil", "../evil");
        Path tarball = Files.write(tmp.resolve("evil.tar.gz"), compress(Compression.GZIP, tar));
        Problem p = problem(refused(tarball));
        assertTrue(p.what().contains("'../evil'"), p.render());
        assertFalse(Files.exists(tmp.resolve("evil")));
        assertFalse(Files.exists(cache().resolve("evil")));
    }

    @Test
    void aSymlinkLeavingTheTreeIsRefused() throws IOException {
        Path module = TreeHashTest.module(tmp.resolve("module"));
        Files.createSymbolicLink(module.resolve("passwd"), Path.of("../../../../etc/passwd"));
        Path tarball = dkmsTarball("links.tar.gz", new TarWriter().tree(module, "dkms_source_tree"));
        Files.delete(module.resolve("passwd")); // JUnit's clean-up warns about links leaving its directory
        Problem p = problem(refused(tarball));
        assertTrue(p.what().contains("passwd") && p.what().contains("leaves the tree"), p.render());
    }

    /**
     * Renames an entry in an uncompressed tar in place, to make a name TarWriter refuses to write; both names
     * must have the same length. The header checksum is recomputed.
     */
    static byte[] rename(byte[] tar, String from, String to) {
        byte[] out = tar.clone();
        for (int h = 0; h + 512 <= out.length; h += 512) {
            String name = new String(out, h, from.length(), StandardCharsets.US_ASCII);
            if (name.equals(from) && out[h + from.length()] == 0) {
                System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, h, to.length());
                Arrays.fill(out, h + 148, h + 156, (byte) ' ');
                int sum = 0;
                for (int i = h; i < h + 512; i++) {
                    sum += out[i] & 0xff;
                }
                byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(field, 0, out, h + 148, 8);
                return out;
            }
        }
        throw new IllegalArgumentException("no entry named " + from);
    }
}
