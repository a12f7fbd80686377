package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class TarSubtreeTest {

    private static byte[] subtree(byte[] tar) throws IOException {
        return TarSubtree.of(new ByteArrayInputStream(tar), "out");
    }

    @Test
    void stripsTheTopDirectoryAndDropsWhatIsOutside() throws IOException {
        byte[] tar = new TarWriter().directory("out", 0755).file("out/a.ko", "ko", 0644)
                .file("out/log/make.log", "ok", 0644).file("outside.txt", "x", 0644).file("outer/b", "y", 0644)
                .toBytes();
        Map<String, byte[]> files = TarReader.files(subtree(tar));
        assertEquals(Set.of("a.ko", "log/make.log"), files.keySet());
        assertEquals("ok", new String(files.get("log/make.log"), StandardCharsets.UTF_8));
    }

    @Test
    void emptyWhenNothingIsBelowTheDirectory() throws IOException {
        assertTrue(TarReader.files(subtree(new TarWriter().directory("out", 0755).toBytes())).isEmpty());
        assertTrue(TarReader.files(TarSubtree.empty()).isEmpty());
    }

    @Test
    void refusesEscapingNames() throws IOException {
        // TarWriter refuses such names itself, so write this one by hand.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry("out/../../etc/cron.d/x");
            e.setSize(1);
            out.putArchiveEntry(e);
            out.write('x');
            out.closeArchiveEntry();
        }
        assertThrows(IOException.class, () -> subtree(bytes.toByteArray()));
    }
}
