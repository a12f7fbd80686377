package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCapTest {
    @TempDir
    Path dir;

    private LogCap.Copied copy(LogCap cap, String text) throws IOException {
        Files.writeString(dir.resolve("in.log"), text);
        return cap.copy(dir.resolve("in.log"), dir.resolve("out.log"));
    }

    private String copied() throws IOException {
        return Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
    }

    @Test
    void aLogWithinTheCapIsCopiedWhole() throws IOException {
        assertEquals(new LogCap.Copied(10, false), copy(new LogCap(4, 6), "0123456789"));
        assertEquals("0123456789", copied());
    }

    @Test
    void aLongLogKeepsHeadAndTailAroundOneMarkerLine() throws IOException {
        assertEquals(new LogCap.Copied(20, true), copy(new LogCap(4, 6), "abc\ndefghijklmnopqrs"));
        assertEquals("abc\n" + LogCap.marker(10) + "nopqrs", copied());
    }

    @Test
    void aHeadCutMidLineStillPutsTheMarkerOnItsOwnLine() throws IOException {
        copy(new LogCap(3, 2), "abcdefgh");
        assertEquals("abc\n[kmodfarm: 3 bytes cut from the middle of this log]\ngh", copied());
    }

    @Test
    void theCellCapIsOneMibPlusSevenMib() throws IOException {
        assertEquals(new LogCap(1 << 20, 7 << 20), LogCap.CELL);
        int size = (8 << 20) + 5;
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        bytes[(1 << 20) - 1] = '\n';
        Files.write(dir.resolve("big.log"), bytes);
        LogCap.Copied copied = LogCap.CELL.copy(dir.resolve("big.log"), dir.resolve("out.log"));
        assertEquals(new LogCap.Copied(size, true), copied);
        assertEquals((8L << 20) + LogCap.marker(5).length(), Files.size(dir.resolve("out.log")));
    }
}
