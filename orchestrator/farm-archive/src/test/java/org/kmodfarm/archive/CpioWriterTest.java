package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpioWriterTest {
    static byte[] archive() {
        return new CpioWriter(Instant.ofEpochSecond(1_700_000_000L))
                .entry("./lib/b.ko", "module".getBytes(StandardCharsets.US_ASCII), 0100644, 1)
                .entry("./lib/a", "b.ko".getBytes(StandardCharsets.US_ASCII), 0120777, 2)
                .toBytes();
    }

    @Test
    void writesNewcEntriesInTheOrderGivenWithTheirInodes() throws IOException {
        byte[] bytes = archive();
        assertEquals("070701", new String(bytes, 0, 6, StandardCharsets.US_ASCII));
        Map<String, CpioReader.Entry> entries = CpioReader.entries(new ByteArrayInputStream(bytes));
        assertEquals(List.of("./lib/b.ko", "./lib/a"), List.copyOf(entries.keySet()));
        assertEquals(0100644, entries.get("./lib/b.ko").mode());
        assertEquals(2, entries.get("./lib/a").inode());
        assertArrayEquals("b.ko".getBytes(StandardCharsets.US_ASCII), entries.get("./lib/a").content());
    }

    @Test
    void sameEntriesGiveTheSameBytes() {
        assertArrayEquals(archive(), archive());
    }
}
