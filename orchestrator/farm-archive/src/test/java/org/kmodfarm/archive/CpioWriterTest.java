package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
    void refusesNamesThatEscape() {
        assertThrows(IllegalArgumentException.class, () -> new CpioWriter().file("../etc/passwd", new byte[0], 0644));
    }
}
