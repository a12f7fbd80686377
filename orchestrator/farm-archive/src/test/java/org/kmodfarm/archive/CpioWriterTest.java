package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpioWriterTest {
    private static CpioWriter sample() {
        return new CpioWriter()
                .file("/init", "#!/bin/busybox sh\n".getBytes(StandardCharsets.UTF_8), 0755)
                .directory("bin", 0755)
                .symlink("bin/sh", "busybox")
                .file("./lib/hello.ko", new byte[] {1, 2, 3}, 0644)
                .directory("lib", 0755)
                .charDevice("dev/console", 0600, 5, 1);
    }

    @Test
    void readsBackEveryEntryWithTypeModeAndContent() throws Exception {
        Map<String, CpioReader.Entry> entries = CpioReader.entries(sample().toBytes());
        assertEquals(List.of("bin", "bin/sh", "dev/console", "init", "lib", "lib/hello.ko"), List.copyOf(entries.keySet()));
        assertEquals(0100755, entries.get("init").mode());
        assertTrue(entries.get("bin").directory());
        assertEquals(0020600, entries.get("dev/console").mode());
        assertTrue(entries.get("bin/sh").symlink());
        assertEquals("busybox", new String(entries.get("bin/sh").content(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {1, 2, 3}, entries.get("lib/hello.ko").content());
    }

    @Test
    void isNewcAndReproducible() {
        byte[] a = sample().toBytes();
        assertEquals("070701", new String(a, 0, 6, StandardCharsets.US_ASCII));
        assertArrayEquals(a, sample().toBytes());
        assertEquals(0, a.length % 4, "newc pads every header and content to 4 bytes");
    }

    @Test
    void rpmPayloadEntriesKeepTheirNamesInodesAndTime() throws Exception {
        byte[] bytes = new CpioWriter(Instant.ofEpochSecond(1_700_000_000L))
                .entry("./lib/b.ko", "module".getBytes(StandardCharsets.US_ASCII), 0100644, 1)
                .entry("./lib/a", "b.ko".getBytes(StandardCharsets.US_ASCII), 0120777, 2)
                .toBytes();
        Map<String, CpioReader.Entry> entries = CpioReader.entries(new ByteArrayInputStream(bytes));
        assertEquals(List.of("./lib/a", "./lib/b.ko"), List.copyOf(entries.keySet()), "name order, as RPM's header");
        assertEquals(0100644, entries.get("./lib/b.ko").mode());
        assertEquals(2, entries.get("./lib/a").inode());
        assertTrue(entries.get("./lib/a").symlink());
        assertArrayEquals("b.ko".getBytes(StandardCharsets.US_ASCII), entries.get("./lib/a").content());
    }

    @Test
    void refusesNamesThatEscape() {
        assertThrows(IllegalArgumentException.class, () -> new CpioWriter().file("../etc/passwd", new byte[0], 0644));
    }
}
