package org.kmodfarm.loadtest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The smallest 64-bit little-endian ELF file with one named section, for the modinfo reader's test. */
final class TinyElf {
    private TinyElf() {
    }

    static byte[] withSection(String name, byte[] content) {
        byte[] names = ("\0" + name + "\0.shstrtab\0").getBytes(StandardCharsets.US_ASCII);
        int contentAt = 64;
        int namesAt = contentAt + content.length;
        int headersAt = (namesAt + names.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(headersAt + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putLong(0x28, headersAt);
        b.putShort(0x3a, (short) 64);
        b.putShort(0x3c, (short) 3);
        b.putShort(0x3e, (short) 2);
        b.put(contentAt, content);
        b.put(namesAt, names);
        section(b, headersAt + 64, 1, contentAt, content.length);
        section(b, headersAt + 128, 2 + name.length(), namesAt, names.length);
        return b.array();
    }

    private static void section(ByteBuffer b, int at, int nameOffset, int offset, int size) {
        b.putInt(at, nameOffset);
        b.putLong(at + 0x18, offset);
        b.putLong(at + 0x20, size);
    }
}
