package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarWriterTest {

    @Test
    void sameInputGivesSameBytesWhateverTheInsertionOrder() {
        byte[] a = new TarWriter().file("b.txt", "b", 0644).file("a/x.c", "x", 0644).toBytes();
        byte[] b = new TarWriter().file("a/x.c", "x", 0644).file("b.txt", "b", 0644).toBytes();
        assertArrayEquals(a, b);
    }

    @Test
    void treeRoundTripsThroughTheReader(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/hello.c"), "int x;");
        Files.writeString(dir.resolve("Makefile"), "obj-m := hello.o");
        Map<String, byte[]> files = TarReader.files(new TarWriter().tree(dir, "src").toBytes());
        assertEquals(2, files.size());
        assertEquals("int x;", new String(files.get("src/sub/hello.c"), StandardCharsets.UTF_8));
    }

    @Test
    void refusesNamesThatEscape() {
        assertThrows(IllegalArgumentException.class, () -> new TarWriter().file("../etc/passwd", "x", 0644));
    }

    @Test
    void xzRoundTrip() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = Compression.XZ.compress(bytes)) {
            out.write("Package: x\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] back = Compression.ofFileName("Packages.xz")
                .decompress(new ByteArrayInputStream(bytes.toByteArray())).readAllBytes();
        assertEquals("Package: x\n", new String(back, StandardCharsets.UTF_8));
    }
}
