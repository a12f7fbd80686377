package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArWriterTest {
    private static final Instant TIME = Instant.ofEpochSecond(1_700_000_000L);

    private static byte[] deb() {
        return new ArWriter(TIME).member("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII))
                .member("control.tar.xz", new byte[] {1, 2, 3})
                .member("data.tar.xz", new byte[] {4, 5}).toBytes();
    }

    @Test
    void keepsTheOrderMembersWereAddedIn() throws IOException {
        assertEquals(List.of("debian-binary", "control.tar.xz", "data.tar.xz"),
                ArReader.names(new ByteArrayInputStream(deb())));
        byte[] data = ArReader.read(new ByteArrayInputStream(deb()), "data.tar.xz"::equals,
                (name, in) -> in.readAllBytes()).orElseThrow();
        assertArrayEquals(new byte[] {4, 5}, data);
    }

    @Test
    void headersCarryRootOwnerFixedModeAndTheGivenTime() {
        String header = new String(deb(), 8, 60, StandardCharsets.US_ASCII);
        // name(16) mtime(12) uid(6) gid(6) mode(8) size(10) magic(2), as ar(5) lays them out
        assertEquals("debian-binary", header.substring(0, 16).strip());
        assertEquals("1700000000", header.substring(16, 28).strip());
        assertEquals("0", header.substring(28, 34).strip());
        assertEquals("0", header.substring(34, 40).strip());
        assertEquals("100644", header.substring(40, 48).strip());
    }

    @Test
    void sameMembersGiveTheSameBytes() {
        assertArrayEquals(deb(), deb());
    }

    @Test
    void refusesNamesArCannotHoldPlainly() {
        assertThrows(IllegalArgumentException.class, () -> new ArWriter(TIME).member("a-name-longer-than-16", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new ArWriter(TIME).member("a/b", new byte[0]));
    }
}
