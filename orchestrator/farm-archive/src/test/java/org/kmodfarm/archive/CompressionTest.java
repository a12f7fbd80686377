package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class CompressionTest {

    private static byte[] compressed(Compression c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.compress(bytes)) {
            out.write(new byte[] {1, 2, 3});
        }
        return bytes.toByteArray();
    }

    @Test
    void recognisesWhatItWritesByMagic() throws IOException {
        assertEquals(Compression.GZIP, Compression.ofMagic(compressed(Compression.GZIP)));
        assertEquals(Compression.XZ, Compression.ofMagic(compressed(Compression.XZ)));
        assertEquals(Compression.NONE, Compression.ofMagic(new byte[] {1, 2, 3}));
        assertEquals(Compression.NONE, Compression.ofMagic(new byte[0]));
    }

    @Test
    void recognisesZstdButDoesNotDecodeIt() {
        assertEquals(Compression.ZSTD, Compression.ofMagic(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0}));
        assertEquals(Compression.ZSTD, Compression.ofFileName("data.tar.zst"));
        assertFalse(Compression.ZSTD.supported());
        IOException e = assertThrows(IOException.class,
                () -> Compression.ZSTD.decompress(new ByteArrayInputStream(new byte[0])));
        assertTrue(e.getMessage().contains("zstd-jni"), e.getMessage());
    }

    @Test
    void namesByFileSuffix() {
        assertEquals(Compression.XZ, Compression.ofFileName("Packages.xz"));
        assertEquals(Compression.GZIP, Compression.ofFileName("foo.tar.gz"));
        assertEquals(Compression.NONE, Compression.ofFileName("Packages"));
        assertTrue(Compression.GZIP.supported());
    }
}
